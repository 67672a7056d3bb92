package io.hapair.node.hostexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostProgramTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aProgramsOutputErrorsAndExitCodeAreKeptApart() throws Exception {
        HostProgram.Ran ran = HostProgram.run(List.of("sh", "-c", "echo routes; echo 'Error: refused' >&2; exit 2"),
                TIMEOUT);

        assertThat(ran.ok()).isFalse();
        assertThat(ran.exitCode()).isEqualTo(2);
        assertThat(ran.output()).isEqualTo("routes\n");
        assertThat(ran.errors()).isEqualTo("Error: refused");
        assertThat(ran.said()).isEqualTo("Error: refused");
    }

    @Test
    void anOutputLongerThanAPipeHoldsIsReadWhole() throws Exception {
        HostProgram.Ran ran = HostProgram.run(List.of("head", "-c", "300000", "/dev/zero"), TIMEOUT);

        assertThat(ran.ok()).isTrue();
        assertThat(ran.output()).hasSize(300_000);
    }

    @Test
    void aMissingProgramIsToldApartFromOneThatFailed() {
        assertThatThrownBy(() -> HostProgram.run(List.of("/nonexistent/ip", "-j", "link"), TIMEOUT))
                .isInstanceOfSatisfying(HostProgram.NotRun.class, e -> assertThat(e.started()).isFalse())
                .hasMessageStartingWith("cannot run /nonexistent/ip -j link");
    }

    @Test
    void aProgramThatHangsIsStoppedAtItsTimeout() {
        assertThatThrownBy(() -> HostProgram.run(List.of("sleep", "60"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(HostProgram.NotRun.class, e -> assertThat(e.started()).isTrue())
                .hasMessage("sleep 60 did not finish within 1 s");
    }
}
