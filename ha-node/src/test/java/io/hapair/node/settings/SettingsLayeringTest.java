package io.hapair.node.settings;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

/**
 * The settings model and codec are pure: the REST layer and the sync call them from any thread,
 * and the store does the I/O. The one java.io use allowed is reading PEM text from memory, which
 * is how BouncyCastle's parser takes its input.
 */
@AnalyzeClasses(packages = "io.hapair.node.settings", importOptions = ImportOption.DoNotIncludeTests.class)
class SettingsLayeringTest {

    @ArchTest
    static final ArchRule settingsHaveNoIoOrFrameworkDependencies = noClasses()
            .that().resideInAPackage("io.hapair.node.settings..")
            .should().dependOnClassesThat(resideInAnyPackage("io.vertx..", "io.netty..", "java.nio..", "java.net..",
                    "java.sql..", "org.slf4j..", "io.micrometer..")
                    .or(resideInAnyPackage("java.io..").and(not(belongToAnyOf(StringReader.class, Reader.class,
                            IOException.class)))));

    // Field errors are shared with the config loader through their own package, so settings
    // validation never reaches into the node's configuration.
    @ArchTest
    static final ArchRule settingsDependOnNothingElseInTheNodeButValidation = noClasses()
            .that().resideInAPackage("io.hapair.node.settings..")
            .should().dependOnClassesThat(resideInAnyPackage("io.hapair.node..")
                    .and(not(resideInAnyPackage("io.hapair.node.settings..", "io.hapair.node.validation.."))));
}
