package io.hapair.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The role state machine is pure: no Vert.x, no I/O, no clock of its own, no logging. */
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
}
