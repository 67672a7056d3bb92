package io.hapair.cloud.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.hapair.cloud.run.CloudClasses;
import io.hapair.cloud.settings.TopologyFile;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The core stays pure so every provider can share it and the planner can be table-tested: no cloud
 * SDK, no Vert.x, no network or file classes. The exemptions are the topology file reader and the loader
 * that unpacks the SDKs' nested jar.
 */
class CoreLayeringTest {

    private static final JavaClasses CORE = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.hapair.cloud");

    @Test
    void coreUsesNoCloudSdkVertxNetworkOrFileClasses() {
        ArchRule rule = noClasses().that().resideInAPackage("io.hapair.cloud..")
            .and().doNotHaveFullyQualifiedName(TopologyFile.class.getName())
            .and().doNotHaveFullyQualifiedName(CloudClasses.class.getName())
            .should().dependOnClassesThat().resideInAnyPackage("com.azure..", "software.amazon..", "io.vertx..",
                "java.net..", "java.nio.file..", "com.fasterxml..");

        rule.check(CORE);
    }

    @Test
    void plannerAndModelDoNotReachForAdaptersOrSettings() {
        noClasses().that().resideInAnyPackage("io.hapair.cloud.topology..", "io.hapair.cloud.plan..")
            .should().dependOnClassesThat().resideInAnyPackage("io.hapair.cloud.adapter..",
                "io.hapair.cloud.settings..", "io.hapair.cloud.run..")
            .check(CORE);
    }

    @Test
    void packagesAreFreeOfCycles() {
        // Matched one level above the base package, so that classes placed in io.hapair.cloud itself
        // would form a slice too; every package is its own slice.
        slices().matching("io.hapair.(**)").should().beFreeOfCycles().check(CORE);
    }
}
