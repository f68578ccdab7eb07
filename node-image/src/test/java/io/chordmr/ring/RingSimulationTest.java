package io.chordmr.ring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RingSimulationTest {

    @Test
    void thousandNodeRingRoutesEveryLookupCorrectlyInLogarithmicHops() {
        RingSimulation sim = new RingSimulation(42, RingConfig.DEFAULTS);
        sim.grow(1024);

        assertThat(sim.converged()).isTrue();
        RingSimulation.LookupStats stats = sim.lookups(2000);
        assertThat(stats.successShare()).isEqualTo(1.0);
        // Chord's expected path length is about 1/2 log2 N = 5; allow routing-table slack, but not linear routing.
        assertThat(stats.meanHops()).isBetween(2.0, 10.0);
    }

    @Test
    void lookupsStillSucceedAfterTwentyPercentFailAtOnceAndStabilizationRuns() {
        RingSimulation sim = new RingSimulation(7, RingConfig.DEFAULTS);
        sim.grow(1000);

        sim.fail(0.2);
        sim.stabilizeUntilConverged(200);

        assertThat(sim.size()).isEqualTo(800);
        assertThat(sim.lookups(2000).successShare()).isEqualTo(1.0);
    }

    @Test
    void smallRingsConvergeWithShortSuccessorLists() {
        RingSimulation sim = new RingSimulation(3, RingConfig.DEFAULTS);
        sim.grow(1);
        assertThat(sim.converged()).isTrue();
        sim.grow(1);
        assertThat(sim.nodes().get(0).state().successors()).containsExactly(sim.nodes().get(1).self());
        sim.grow(2);
        assertThat(sim.lookups(200).successShare()).isEqualTo(1.0);
        for (RingMember n : sim.nodes()) {
            assertThat(n.state().successors()).hasSize(3).doesNotContain(n.self());
        }
    }
}
