package io.hapair.geo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * GEO logic runs inside the sync path and, later, the DNS answerer: it stays pure so both can call
 * it from any thread and tests need no network. java.net is banned too, so no address can ever be
 * resolved here by accident.
 */
@AnalyzeClasses(packages = "io.hapair.geo", importOptions = ImportOption.DoNotIncludeTests.class)
class GeoLayeringTest {

    @ArchTest
    static final ArchRule geoHasNoIoOrFrameworkDependencies = noClasses()
            .that().resideInAPackage("io.hapair.geo..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "java.io..", "java.nio..",
                    "java.sql..", "java.net..");

    // Matched one level above the base package: "io.hapair.geo.(**)" would leave out the classes of
    // io.hapair.geo itself, so a cycle between geo and geo.plan would go unseen.
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.hapair.(**)").should().beFreeOfCycles();
}
