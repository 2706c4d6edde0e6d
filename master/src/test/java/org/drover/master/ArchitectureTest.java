package org.drover.master;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.drover.master.supervise.Operation;
import org.drover.master.supervise.Reply;
import org.drover.master.supervise.ServerSnapshot;
import org.drover.master.supervise.SupervisorEvent;
import org.drover.master.supervise.WorkerState;
import org.junit.jupiter.api.Test;

/**
 * The master's packages call only downward, as {@code docs/architecture.md} draws them: the
 * command line on top, then the wiring, then control, supervision and the front, then dispatch,
 * and the apps, config and log at the bottom. Control sees supervision only through events and
 * snapshots, and the request path never sees a worker's handle.
 */
class ArchitectureTest {

    private static final JavaClasses MASTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.drover.master");

    @Test
    void eachPackageCallsOnlyTheOnesBelowIt() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("cli")
                .definedBy("org.drover.master.cli..")
                .layer("wiring")
                .definedBy("org.drover.master")
                .layer("control")
                .definedBy("org.drover.master.control..")
                .layer("supervise")
                .definedBy("org.drover.master.supervise..")
                .layer("front")
                .definedBy("org.drover.master.front..")
                .layer("dispatch")
                .definedBy("org.drover.master.dispatch..")
                .layer("statics")
                .definedBy("org.drover.master.statics..")
                .layer("cheaper")
                .definedBy("org.drover.master.cheaper..")
                .layer("apps")
                .definedBy("org.drover.master.apps..")
                .layer("config")
                .definedBy("org.drover.master.config..")
                .layer("log")
                .definedBy("org.drover.master.log..")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("wiring")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("control")
                .mayOnlyBeAccessedByLayers("wiring", "cli")
                .whereLayer("supervise")
                .mayOnlyBeAccessedByLayers("wiring", "control", "cli")
                .whereLayer("front")
                .mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("dispatch")
                .mayOnlyBeAccessedByLayers("wiring", "front", "supervise", "statics")
                .whereLayer("statics")
                .mayOnlyBeAccessedByLayers("front")
                .whereLayer("cheaper")
                .mayOnlyBeAccessedByLayers("supervise")
                .whereLayer("apps")
                .mayOnlyBeAccessedByLayers("wiring", "control", "supervise")
                .whereLayer("log")
                .mayNotAccessAnyLayer()
                .whereLayer("config")
                .mayNotAccessAnyLayer()
                .check(MASTER);
    }

    @Test
    void thePackagesHaveNoCycles() {
        slices().matching("org.drover.master.(*)..").should().beFreeOfCycles().check(MASTER);
    }

    @Test
    void controlSeesTheSupervisorOnlyThroughEventsAndSnapshots() {
        noClasses()
                .that()
                .resideInAPackage("org.drover.master.control..")
                .should()
                .dependOnClassesThat(resideInAPackage("org.drover.master.supervise..")
                        .and(not(belongToAnyOf(
                                SupervisorEvent.class,
                                ServerSnapshot.class,
                                Operation.class,
                                Reply.class,
                                WorkerState.class))))
                .because("the stats, the metrics and the ctl socket read immutable snapshots, never live workers")
                .check(MASTER);
    }

    @Test
    void noJdkHttpServer() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.sun.net.httpserver..")
                .because("every HTTP listener is a connector of the master's Jetty")
                .check(MASTER);
    }
}
