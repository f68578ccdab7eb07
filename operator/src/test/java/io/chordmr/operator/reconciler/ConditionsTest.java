package io.chordmr.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final String LONG_AGO = "2020-01-01T00:00:00Z";

    private static List<Condition> ready(String status) {
        return List.of(new ConditionBuilder().withType("Ready").withStatus(status).withReason("AllNodesReady").withMessage("old")
                .withLastTransitionTime(LONG_AGO).build());
    }

    @Test
    void theTransitionTimeStaysWhileTheStatusDoesAndMovesWhenItChanges() {
        List<Condition> same = Conditions.with(ready("True"), List.of(), ConditionType.Ready, true, Reason.AllNodesReady, "3 of 3", 1L);
        assertThat(same).singleElement().satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isEqualTo(LONG_AGO);
            assertThat(c.getMessage()).isEqualTo("3 of 3");
        });
        List<Condition> flipped = Conditions.with(ready("True"), List.of(), ConditionType.Ready, false, Reason.NodesNotReady, "2 of 3", 1L);
        assertThat(flipped).singleElement().satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isNotEqualTo(LONG_AGO);
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("NodesNotReady");
        });
    }

    @Test
    void oneConditionPerTypeAndLookupsByName() {
        List<Condition> both = Conditions.with(null, ready("True"), ConditionType.Running, true, Reason.Running, "running", 4L);
        both = Conditions.with(null, both, ConditionType.Ready, false, Reason.NodesNotReady, "0 of 3", 4L);
        assertThat(both).extracting(Condition::getType).containsExactlyInAnyOrder("Running", "Ready");
        assertThat(Conditions.isTrue(both, "Running")).isTrue();
        assertThat(Conditions.isTrue(both, ConditionType.Ready)).isFalse();
        assertThat(Conditions.find(both, "Failed")).isEmpty();
        assertThat(Conditions.isTrue(null, ConditionType.Ready)).isFalse();
    }
}
