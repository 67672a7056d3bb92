package io.hapair.node;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The role state machine, the sync model and the data-plane model are pure: no Vert.x, no I/O, no clock
 * of their own, no logging. No two packages of the node depend on each other.
 */
@AnalyzeClasses(packages = "io.hapair.node", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule roleMachineHasNoIoOrFrameworkDependencies = noClasses()
            .that().resideInAPackage("io.hapair.node.role..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "java.io..", "java.nio..",
                    "java.net..", "org.slf4j..", "com.fasterxml..", "io.micrometer..", "java.util.concurrent..")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime");

    @ArchTest
    static final ArchRule roleMachineDependsOnNothingElseInTheNode = noClasses()
            .that().resideInAPackage("io.hapair.node.role..")
            .should().dependOnClassesThat().resideInAnyPackage("io.hapair.node.config..", "io.hapair.node.peer..",
                    "io.hapair.node.runtime..", "io.hapair.node.health..", "io.hapair.node.cli..");

    // Versions, merge and anti-entropy decide what both nodes keep; they take the time as an argument
    // so that property tests can replay any interleaving of edits.
    @ArchTest
    static final ArchRule syncModelHasNoIoOrFrameworkDependencies = noClasses()
            .that().resideInAPackage("io.hapair.node.sync.model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "java.io..", "java.nio..",
                    "java.net..", "java.sql..", "org.slf4j..", "com.fasterxml..", "io.micrometer..",
                    "java.util.concurrent..")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime");

    @ArchTest
    static final ArchRule syncModelDependsOnNothingElseInTheNode = noClasses()
            .that().resideInAPackage("io.hapair.node.sync.model..")
            .should().dependOnClassesThat(resideInAPackage("io.hapair.node..")
                    .and(not(resideInAPackage("io.hapair.node.sync.model.."))));

    // The rendering decides what both nodes' data planes serve: pure, so that one set of services renders
    // the same text everywhere and tests can read every line without a process. Character sets are the
    // one part of java.nio it needs (a digest names each certificate file).
    @ArchTest
    static final ArchRule dataPlaneModelHasNoIoOrFrameworkDependencies = noClasses()
            .that().resideInAPackage("io.hapair.node.dataplane.model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "java.io..",
                    "java.nio.file..", "java.nio.channels..", "java.net..", "org.slf4j..", "com.fasterxml..",
                    "io.micrometer..", "java.util.concurrent..")
            .orShould().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, Process.class, ProcessHandle.class)
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime");

    @ArchTest
    static final ArchRule dataPlaneModelDependsOnlyOnSettingsInTheNode = noClasses()
            .that().resideInAPackage("io.hapair.node.dataplane.model..")
            .should().dependOnClassesThat(resideInAPackage("io.hapair.node..")
                    .and(not(resideInAnyPackage("io.hapair.node.dataplane.model..", "io.hapair.node.settings.."))));

    // What goes on the wire to syslog receivers, and the queue that bounds what a dead one costs: pure, so that the
    // format and the dropping are tested without sockets or clocks.
    @ArchTest
    static final ArchRule syslogModelHasNoIoOrFrameworkDependencies = noClasses()
            .that().resideInAPackage("io.hapair.node.syslog.model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "java.io..",
                    "java.nio.file..", "java.nio.channels..", "java.net..", "org.slf4j..", "ch.qos.logback..")
            .orShould().callMethod(System.class, "currentTimeMillis");

    // What the node writes into chrony's configuration and how it reads chronyc's answer: pure, so that every line
    // and every field is tested without chrony, files or processes.
    @ArchTest
    static final ArchRule ntpModelIsPure = pureModel("io.hapair.node.ntp.model..", "com.fasterxml..");

    @ArchTest
    static final ArchRule ntpModelDependsOnlyOnSettingsInTheNode = dependsOnlyOnSettings("io.hapair.node.ntp.model..");

    // The network plan, the host's reading of iproute2's JSON and the drift readings: pure, so that every command
    // and its order is tested without a namespace. Jackson reads ip -j's text (a string, no stream) and stays.
    @ArchTest
    static final ArchRule netconfModelIsPure = pureModel("io.hapair.node.netconf.model..");

    @ArchTest
    static final ArchRule netconfModelDependsOnlyOnSettingsInTheNode =
            dependsOnlyOnSettings("io.hapair.node.netconf.model..");

    // What the node writes into the resolver's file and how it reads the file and the host back: pure, so that every
    // line and every reading is tested without files, commands or a host name to change.
    @ArchTest
    static final ArchRule namingModelIsPure = pureModel("io.hapair.node.naming.model..", "com.fasterxml..");

    @ArchTest
    static final ArchRule namingModelDependsOnlyOnSettingsInTheNode =
            dependsOnlyOnSettings("io.hapair.node.naming.model..");

    // When a network change is rolled back: pure, so that each rule is tested with made-up times and no network.
    @ArchTest
    static final ArchRule netcommitModelIsPure = pureModel("io.hapair.node.netcommit.model..", "com.fasterxml..");

    @ArchTest
    static final ArchRule netcommitModelDependsOnlyOnSettingsInTheNode =
            dependsOnlyOnSettings("io.hapair.node.netcommit.model..");

    // The health levels: pure, so that each threshold is tested with made-up readings, no disk to fill and no /proc.
    @ArchTest
    static final ArchRule healthModelIsPure = pureModel("io.hapair.node.health.model..", "com.fasterxml..");

    @ArchTest
    static final ArchRule healthModelDependsOnlyOnSettingsInTheNode =
            dependsOnlyOnSettings("io.hapair.node.health.model..");

    // Which self-check targets are lost, what the configuration names and where the default gateway is: pure, so
    // that every rule of the self-detector is tested without sockets, ping or a route table.
    @ArchTest
    static final ArchRule selfcheckModelIsPure = pureModel("io.hapair.node.selfcheck.model..", "com.fasterxml..");

    @ArchTest
    static final ArchRule selfcheckModelDependsOnlyOnSettingsInTheNode =
            dependsOnlyOnSettings("io.hapair.node.selfcheck.model..");

    // Which partner certificate is trusted and what the pin becomes: pure, so that every rule (first contact, a
    // changed certificate, an operator's acceptance, a rotation, partner-fingerprint) is tested without sockets or files.
    @ArchTest
    static final ArchRule pairingModelIsPure = pureModel("io.hapair.node.pairing.model..", "com.fasterxml..");

    @ArchTest
    static final ArchRule pairingModelDependsOnlyOnSettingsInTheNode =
            dependsOnlyOnSettings("io.hapair.node.pairing.model..");

    // What the SNMP agent answers and its notifications carry: pure over SNMP4J's PDU and value types, so that every
    // object and every answer is tested without sockets; the sockets and USM stay in the agent's shell.
    @ArchTest
    static final ArchRule snmpModelHasNoIoOrFrameworkDependencies = noClasses()
            .that().resideInAPackage("io.hapair.node.snmp.model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "java.io..", "java.nio..",
                    "java.net..", "org.slf4j..", "io.micrometer..", "java.util.concurrent..", "org.snmp4j.transport..",
                    "org.snmp4j.security..")
            .orShould().dependOnClassesThat().belongToAnyOf(org.snmp4j.Snmp.class, org.snmp4j.MessageDispatcher.class)
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime");

    // What an import would change, and the token its apply names: pure, so that every kind of change is tested on
    // JSON texts alone, without a store or a request.
    @ArchTest
    static final ArchRule transferModelIsPure = pureModel("io.hapair.node.transfer.model..");

    @ArchTest
    static final ArchRule transferModelDependsOnlyOnSettingsInTheNode =
            dependsOnlyOnSettings("io.hapair.node.transfer.model..");

    // When a bulk load of settings runs, decided from the writes and the time the caller passes.
    @ArchTest
    static final ArchRule heapModelIsPure = pureModel("io.hapair.node.heap.model..");

    @ArchTest
    static final ArchRule heapModelDependsOnNothingElseInTheNode = noClasses()
            .that().resideInAPackage("io.hapair.node.heap.model..")
            .should().dependOnClassesThat(resideInAPackage("io.hapair.node..")
                    .and(not(resideInAPackage("io.hapair.node.heap.model.."))));

    // A capture's checks and tcpdump's command lines: pure, so that every bound and every argument is tested
    // without tcpdump, an interface or a process.
    @ArchTest
    static final ArchRule captureModelIsPure = pureModel("io.hapair.node.capture.model..");

    @ArchTest
    static final ArchRule captureModelDependsOnlyOnSettingsInTheNode =
            dependsOnlyOnSettings("io.hapair.node.capture.model..");

    // The release jar keeps the cloud SDKs, the adapters and the Azure blob witness in a nested jar of their own
    // class loader (CloudClasses), which the app loader cannot see: a class outside the witness's azure package
    // that named one of them would fail to load in the release jar, though it passes here.
    @ArchTest
    static final ArchRule onlyTheAzureWitnessUsesTheCloudSdks = noClasses()
            .that().resideOutsideOfPackage("io.hapair.node.witness.azure..")
            .should().dependOnClassesThat().resideInAnyPackage("com.azure..", "com.microsoft..", "software.amazon..",
                    "reactor..", "org.reactivestreams..", "com.sun.jna..", "io.hapair.cloud.azure..",
                    "io.hapair.cloud.aws..", "io.hapair.node.witness.azure..");

    // Matched one level above the base package: "io.hapair.node.(**)" would leave out classes of
    // io.hapair.node itself. Every package is its own slice, so sync.model counts apart from sync.
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.hapair.(**)").should().beFreeOfCycles();

    /**
     * The pure half of a host effect: no Vert.x, no I/O, no processes, no clock, no logging, no metrics, nor any of
     * {@code alsoForbidden}.
     */
    private static ArchRule pureModel(String modelPackage, String... alsoForbidden) {
        List<String> forbidden = new ArrayList<>(List.of("io.vertx..", "io.netty..", "java.io..", "java.nio..",
                "java.net..", "org.slf4j..", "io.micrometer..", "java.util.concurrent.."));
        forbidden.addAll(List.of(alsoForbidden));
        return noClasses().that().resideInAPackage(modelPackage)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .orShould().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, Process.class, ProcessHandle.class)
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime");
    }

    /** Of the node, the model uses only itself and the settings' records. */
    private static ArchRule dependsOnlyOnSettings(String modelPackage) {
        return noClasses().that().resideInAPackage(modelPackage)
                .should().dependOnClassesThat(resideInAPackage("io.hapair.node..")
                        .and(not(resideInAnyPackage(modelPackage, "io.hapair.node.settings.."))));
    }
}
