package io.chordmr.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.chordmr.manifest.DatasetNames;
import org.junit.jupiter.api.Test;

/**
 * Imports point down, and no two packages (sub-packages included) depend on each other.
 *
 * <pre>
 * cli → node → http → engine → engine.coord, engine.worker → engine.shuffle, engine.output
 *     → engine.context → engine.message → engine.task → engine.jobcode, engine.sort → engine.manifest → api
 * engine.* → store → ring → net;  cli, http, engine → client (the HTTP contract) → manifest (the job's spec)
 * </pre>
 *
 * Every rule must match classes: a rule about a package that was renamed away fails instead of
 * passing vacuously.
 */
class PackageDirectionTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.chordmr");

    /** Classes in {@code pkg} (exactly that package, or with sub-packages when it ends in "..") use none of {@code forbidden}. */
    private static void noneOf(String pkg, String... forbidden) {
        String[] targets = new String[forbidden.length];
        for (int i = 0; i < forbidden.length; i++) {
            targets[i] = "io.chordmr." + forbidden[i];
        }
        noClasses().that().resideInAPackage("io.chordmr." + pkg).should().dependOnClassesThat()
                .resideInAnyPackage(targets).check(CLASSES);
    }

    @Test
    void netDependsOnNothingOfOurs() {
        noneOf("net..", "ring..", "store..", "http..", "node..", "cli..", "engine..", "api..");
    }

    @Test
    void ringUsesOnlyNet() {
        noneOf("ring..", "store..", "http..", "node..", "cli..", "engine..", "api..");
    }

    @Test
    void storeUsesOnlyRingAndNetAndTheDatasetNamingRule() {
        noneOf("store..", "http..", "node..", "cli..", "engine..");
        // The one rule for names is shared with the api module (the operator checks specs with it); jobs stay unknown here.
        noClasses().that().resideInAPackage("io.chordmr.store..").should().dependOnClassesThat(
                DescribedPredicate.and(JavaClass.Predicates.resideInAPackage("io.chordmr.api.."),
                        DescribedPredicate.not(JavaClass.Predicates.equivalentTo(DatasetNames.class)))).check(CLASSES);
    }

    @Test
    void engineDoesNotReachUp() {
        noneOf("engine..", "http..", "node..", "cli..");
    }

    @Test
    void httpDoesNotReachUp() {
        noneOf("http..", "node..", "cli..");
    }

    @Test
    void nodeDoesNotReachTheCommandLine() {
        noneOf("node..", "cli..");
    }

    /** The engine package itself wires the parts together; none of them knows it. */
    @Test
    void enginePartsDoNotKnowTheEngine() {
        noClasses().that().resideInAPackage("io.chordmr.engine.(*)..").should().dependOnClassesThat()
                .resideInAPackage("io.chordmr.engine").check(CLASSES);
    }

    /** Coordinating and working are two roles of a node: they talk only through messages. */
    @Test
    void coordinatorAndWorkerKnowOnlyTheMessagesBetweenThem() {
        noneOf("engine.coord..", "engine.worker..", "engine.shuffle..");
        noneOf("engine.worker..", "engine.coord..");
    }

    @Test
    void shuffleAndOutputServeBothRoles() {
        noneOf("engine.shuffle..", "engine.coord..", "engine.worker..", "engine.output..");
        noneOf("engine.output..", "engine.coord..", "engine.worker..", "engine.shuffle..");
    }

    /** The shared context and the messages are below every role. */
    @Test
    void contextAndMessagesAreShared() {
        noneOf("engine.context..", "engine.coord..", "engine.worker..", "engine.shuffle..", "engine.output..");
        noneOf("engine.message..", "engine.coord..", "engine.worker..", "engine.shuffle..", "engine.output..", "engine.context..",
                "ring..", "store..");
    }

    /** What runs in a task process reaches no ring, store, token or transport: its input is local files. */
    @Test
    void taskCodeReachesNothingOfTheNode() {
        noneOf("engine.task..", "net..", "ring..", "store..", "http..", "node..", "cli..", "engine.worker..", "engine.coord..",
                "engine.shuffle..", "engine.output..", "engine.context..", "engine.message..");
        noClasses().that().resideInAPackage("io.chordmr.engine.task..").should().dependOnClassesThat()
                .resideInAPackage("io.chordmr.engine").check(CLASSES);
    }

    /** Reading URL input is a library: the worker and the coordinator use it, it knows neither. */
    @Test
    void urlInputIsALibrary() {
        noneOf("engine.input..", "net..", "ring..", "store..", "engine.coord..", "engine.worker..", "engine.task..", "engine.context..",
                "engine.message..", "engine.shuffle..", "engine.output..");
    }

    /** Loading job code, sorting and reading manifests are libraries of the task side: they know no task. */
    @Test
    void jobCodeSortAndManifestAreLibraries() {
        for (String lib : new String[] {"engine.jobcode..", "engine.sort..", "engine.manifest.."}) {
            noneOf(lib, "net..", "ring..", "store..", "engine.task..", "engine.worker..", "engine.coord..", "engine.context..",
                    "engine.message..");
        }
        noneOf("engine.manifest..", "engine.jobcode..", "engine.sort..");
    }

    /** The job API is what job authors compile against: the JDK and nothing else. */
    @Test
    void theJobApiIsJdkOnly() {
        classes().that().resideInAPackage("io.chordmr.api..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.chordmr.api..").check(CLASSES);
    }

    /** Job code (the examples shipped on every node) sees the job API only. */
    @Test
    void jobCodeSeesOnlyTheApi() {
        classes().that().resideInAPackage("io.chordmr.examples..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.chordmr.api..", "io.chordmr.examples..").check(CLASSES);
    }

    /** The manifest classes are data with annotations, shared by the node and the operator. */
    @Test
    void theManifestIsData() {
        classes().that().resideInAPackage("io.chordmr.manifest..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.chordmr.manifest..", "com.fasterxml.jackson.annotation..", "io.fabric8.generator.annotation..")
                .check(CLASSES);
    }

    /** The client is the node's HTTP contract: it knows the manifest and JSON, nothing of the node's insides. */
    @Test
    void theClientKnowsNothingOfTheNode() {
        noneOf("client..", "net..", "ring..", "store..", "engine..", "http..", "node..", "cli..", "api..");
    }

    /** Every package of ours, sub-packages included, is a slice: none may be part of a cycle. */
    @Test
    void noCyclesBetweenAnyPackages() {
        slices().matching("io.chordmr.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
