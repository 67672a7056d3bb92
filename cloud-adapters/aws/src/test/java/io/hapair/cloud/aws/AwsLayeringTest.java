package io.hapair.cloud.aws;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** No two packages of the Aws adapter depend on each other, so any of them can be read and tested apart. */
@AnalyzeClasses(packages = "io.hapair.cloud.aws", importOptions = ImportOption.DoNotIncludeTests.class)
class AwsLayeringTest {

    // Matched one level above the base package: "io.hapair.cloud.aws.(**)" would leave out the
    // classes of io.hapair.cloud.aws itself, where the adapter lives today.
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.hapair.cloud.(**)").should().beFreeOfCycles();
}
