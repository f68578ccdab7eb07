package io.chordmr.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.IntSummaryStatistics;
import java.util.List;
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

    @Test
    void theSuccessorListGrowsToTwiceLog2NSoHalfTheRingFailingAtOnceLeavesLookupsRight() {
        RingSimulation sim = new RingSimulation(5, RingConfig.DEFAULTS);
        sim.grow(1024);
        // 2·⌈log2 1024⌉ = 20, from each node's own estimate of N: a list a little short or long of it is the estimate's noise.
        IntSummaryStatistics lengths = sim.nodes().stream().mapToInt(RingMember::successorListLength).summaryStatistics();
        assertThat(lengths.getMin()).isGreaterThanOrEqualTo(16);
        assertThat(lengths.getMax()).isLessThanOrEqualTo(24);
        assertThat(sim.nodes()).allSatisfy(n -> assertThat(n.state().successors()).hasSize(n.successorListLength()));

        sim.fail(0.5);
        sim.stabilizeUntilConverged(200);
        assertThat(sim.size()).isEqualTo(512);
        // Right at once, routing around the dead fingers...
        assertThat(sim.lookups(5000).successShare()).isGreaterThanOrEqualTo(0.99);
        // ... within Chord's bound one second later (a node fixes ten fingers a second), and once all are renewed.
        sim.fixFingers(10);
        RingSimulation.LookupStats second = sim.lookups(5000);
        assertThat(second.successShare()).isEqualTo(1.0);
        assertThat(second.meanHops()).isLessThanOrEqualTo(0.5 * Math.log(512) / Math.log(2) + 1);
        sim.fixAllFingers();
        RingSimulation.LookupStats after = sim.lookups(5000);
        assertThat(after.successShare()).isEqualTo(1.0);
        assertThat(after.meanHops()).isLessThanOrEqualTo(0.5 * Math.log(512) / Math.log(2) + 1);
    }

    @Test
    void aFixedSuccessorListStaysAtItsLength() {
        RingSimulation fixed = new RingSimulation(11, RingConfig.DEFAULTS.withSuccessorListLength(4));
        fixed.grow(200);
        assertThat(fixed.nodes()).allSatisfy(n -> assertThat(n.state().successors()).hasSize(4));
    }

    @Test
    void lookupsStayRightUnderChurnOfOneJoinAndOneFailureASecondPerThousandNodes() {
        RingSimulation sim = new RingSimulation(9, RingConfig.DEFAULTS);
        sim.grow(500);
        List<RingSimulation.ChurnSecond> run = sim.churn(new RingSimulation.ChurnSettings(1, 40, 1, 10, 500));
        assertThat(run).hasSize(40);
        assertThat(run.stream().mapToInt(RingSimulation.ChurnSecond::joins).sum()).isBetween(17, 23);
        assertThat(run.stream().mapToInt(RingSimulation.ChurnSecond::failures).sum()).isBetween(17, 23);
        long asked = run.stream().mapToLong(c -> c.lookups().lookups()).sum();
        long right = run.stream().mapToLong(c -> c.lookups().correct()).sum();
        assertThat((double) right / asked).isGreaterThanOrEqualTo(0.99);
        assertThat(run).allSatisfy(c -> assertThat(c.lookups().meanHops()).isLessThanOrEqualTo(0.5 * Math.log(c.size()) / Math.log(2) + 1));
    }

    @Test
    void twoRingsFormedApartMergeIntoOneThroughASeedOnTheOtherSide() {
        RingSimulation sim = new RingSimulation(21, RingConfig.DEFAULTS);
        sim.grow(60);
        sim.growSecondRing(40);
        assertThat(sim.converged()).as("two rings, each sure it is the whole").isFalse();
        assertThat(sim.lookups(1000).successShare()).isLessThan(0.9);

        int rounds = sim.healUntilConverged(200);
        assertThat(sim.size()).isEqualTo(100);
        assertThat(sim.lookups(2000).successShare()).isEqualTo(1.0);
        assertThat(rounds).isLessThan(200);
    }

    @Test
    void theViewOfTheMembersIsReadFromSuccessorListsAskingAboutOneMemberInEveryListLength() {
        RingSimulation sim = new RingSimulation(11, RingConfig.DEFAULTS);
        sim.grow(400);
        RingMember node = sim.nodes().get(0);
        java.util.Set<Long> live = new java.util.HashSet<>();
        sim.nodes().forEach(n -> live.add(n.self().id()));
        assertThat(node.renewPlacement().tokens().keySet()).extracting(NodeRef::id).containsExactlyInAnyOrderElementsOf(live);
        long before = sim.requestsSent(node);
        TokenRing view = node.renewPlacement();
        long asked = sim.requestsSent(node) - before;
        assertThat(view.tokens().keySet()).extracting(NodeRef::id).containsExactlyInAnyOrderElementsOf(live);
        assertThat(view.tokens().values()).containsOnly(RingConfig.DEFAULTS.tokens());
        int list = node.successorListLength();
        assertThat(asked).as("requests for a view of 400 members with lists of %d", list).isLessThanOrEqualTo(400 / (list - 1) + 2);
    }
}
