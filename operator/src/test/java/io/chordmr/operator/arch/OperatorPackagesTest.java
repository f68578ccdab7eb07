package io.chordmr.operator.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
}
