package io.chordmr.operator.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.chordmr.client.NodeApi;
import org.junit.jupiter.api.Test;

/** crd (data only) ← dependent, client ← reconciler: nothing points back up. */
class OperatorPackagesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.chordmr.operator");

    @Test
    void resourceClassesKnowNothingOfTheOperator() {
        noClasses().that().resideInAPackage("io.chordmr.operator.crd..").should().dependOnClassesThat()
                .resideInAnyPackage("io.chordmr.operator.dependent..", "io.chordmr.operator.reconciler..", "io.javaoperatorsdk..")
                .check(CLASSES);
    }

    @Test
    void theNodeClientDoesNotReachTheReconcilers() {
        noClasses().that().resideInAPackage("io.chordmr.operator.client..").should().dependOnClassesThat()
                .resideInAPackage("io.chordmr.operator.reconciler..").check(CLASSES);
    }

    @Test
    void dependentsDoNotReachTheReconcilers() {
        noClasses().that().resideInAPackage("io.chordmr.operator.dependent..").should().dependOnClassesThat()
                .resideInAPackage("io.chordmr.operator.reconciler..").check(CLASSES);
    }

    /** Every call to a node goes through the NodeClient: nothing else opens HTTP connections or builds a node API. */
    @Test
    void onlyTheNodeClientTalksToNodes() {
        noClasses().that().resideOutsideOfPackage("io.chordmr.operator.client..").should().dependOnClassesThat()
                .resideInAPackage("java.net.http..").check(CLASSES);
        noClasses().that().resideOutsideOfPackage("io.chordmr.operator.client..").should().callMethodWhere(
                DescribedPredicate.describe("NodeApi.of", call -> call.getTargetOwner().isEquivalentTo(NodeApi.class)
                        && call.getName().equals("of"))).check(CLASSES);
    }
}
