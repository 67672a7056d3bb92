package io.hapair.node.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The probe semantics stay a pure class (STYLE.md habits 1 and 6), so their table tests need no I/O. */
class ProbeSemanticsLayeringTest {

    @Test
    void probeSemanticsUseNoVertxNetworkingOrClock() {
        JavaClasses pure = new ClassFileImporter().importClasses(
                BackendPool.class, ProbeResult.class, BackendTransition.class, Flow.class);

        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "java.net..", "java.nio..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .because("the ILB probe semantics are a pure class with explicit timestamps")
                .check(pure);
    }
}
