package io.chordmr.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Conditions after the Kubernetes API conventions: one per type, its transition time kept while its status stays. */
final class Conditions {

    private Conditions() {
    }

    /** {@code next} with {@code type} set; the transition time is carried over from {@code previous} when the status did not change. */
    static List<Condition> with(List<Condition> previous, List<Condition> next, ConditionType type, boolean status, Reason reason,
                                String message, Long generation) {
        String value = status ? "True" : "False";
        String since = find(previous, type).filter(c -> value.equals(c.getStatus())).map(Condition::getLastTransitionTime)
                .orElse(Instant.now().toString());
        List<Condition> out = new ArrayList<>(next == null ? List.of() : next);
        out.removeIf(c -> type.name().equals(c.getType()));
        out.add(new ConditionBuilder().withType(type.name()).withStatus(value).withReason(reason.name()).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build());
        return out;
    }

    static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
        return find(conditions, type.name());
    }

    /** By the type's name, as a resource read back from the API server spells it. */
    static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static boolean isTrue(List<Condition> conditions, ConditionType type) {
        return isTrue(conditions, type.name());
    }

    static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }
}
