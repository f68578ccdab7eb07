package io.chordmr.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.chordmr.api.spec.DatasetNames;
import org.junit.jupiter.api.Test;

/** Imports point down: cli → node → http → store → ring → net; nothing points back up. */
class PackageDirectionTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.chordmr");

    private static void noneOf(String pkg, String... forbidden) {
        String[] targets = new String[forbidden.length];
        for (int i = 0; i < forbidden.length; i++) {
            targets[i] = "io.chordmr." + forbidden[i] + "..";
        }
        noClasses().that().resideInAPackage("io.chordmr." + pkg + "..").should().dependOnClassesThat()
                .resideInAnyPackage(targets).allowEmptyShould(true).check(CLASSES);
    }

    @Test
    void netDependsOnNothingOfOurs() {
        noneOf("net", "ring", "store", "http", "node", "cli", "engine", "api");
    }

    @Test
    void ringUsesOnlyNet() {
        noneOf("ring", "store", "http", "node", "cli", "engine", "api");
    }

    @Test
    void storeUsesOnlyRingAndNetAndTheDatasetNamingRule() {
        noneOf("store", "http", "node", "cli", "engine");
        // The one rule for names is shared with the api module (the operator checks specs with it); jobs stay unknown here.
        noClasses().that().resideInAPackage("io.chordmr.store..").should().dependOnClassesThat(
                DescribedPredicate.and(JavaClass.Predicates.resideInAPackage("io.chordmr.api.."),
                        DescribedPredicate.not(JavaClass.Predicates.equivalentTo(DatasetNames.class)))).check(CLASSES);
    }

    @Test
    void httpDoesNotReachUp() {
        noneOf("http", "node", "cli");
    }

    @Test
    void nodeDoesNotReachTheCommandLine() {
        noneOf("node", "cli");
    }

    /** What runs in a task process reaches no ring, store, token or transport: its input is local files. */
    @Test
    void taskCodeReachesNothingOfTheNode() {
        noClasses().that().resideInAPackage("io.chordmr.engine.task..").should().dependOnClassesThat()
                .resideInAnyPackage("io.chordmr.net..", "io.chordmr.ring..", "io.chordmr.store..", "io.chordmr.http..",
                        "io.chordmr.node..", "io.chordmr.cli..", "io.chordmr.engine", "io.chordmr.engine.worker..", "io.chordmr.engine.coord..")
                .check(CLASSES);
    }

    @Test
    void noCycles() {
        slices().matching("io.chordmr.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
