package io.hapair.cloud.azure;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** No two packages of the Azure adapter depend on each other, so any of them can be read and tested apart. */
@AnalyzeClasses(packages = "io.hapair.cloud.azure", importOptions = ImportOption.DoNotIncludeTests.class)
class AzureLayeringTest {

    // Matched one level above the base package: "io.hapair.cloud.azure.(**)" would leave out the
    // classes of io.hapair.cloud.azure itself, where the adapter lives today.
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.hapair.cloud.(**)").should().beFreeOfCycles();
}
