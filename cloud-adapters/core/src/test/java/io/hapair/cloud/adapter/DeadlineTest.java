package io.hapair.cloud.adapter;

import io.hapair.cloud.settings.CloudSettings;
import io.hapair.cloud.settings.TopologySettings;
import io.hapair.cloud.topology.InvalidTopologyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineTest {

    private final AtomicLong clock = new AtomicLong();

    @Test
    void timeLeftShrinksWithTheClockUntilTheDeadlinePasses() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(30), clock::get);

        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(20));
        assertThat(deadline.passed()).isFalse();

        clock.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(deadline.passed()).isTrue();
        assertThat(deadline.remaining()).isZero();
    }

    @Test
    void timeAtTheApplyPromptDoesNotCount() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(30), clock::get);
        clock.addAndGet(Duration.ofSeconds(10).toNanos());

        boolean approved = deadline.excluding(() -> {
            clock.addAndGet(Duration.ofMinutes(5).toNanos());
            assertThat(deadline.remaining()).as("while the operator thinks").isEqualTo(Duration.ofSeconds(20));
            return true;
        });

        assertThat(approved).isTrue();
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void timeoutSettingReadsDurationsAndDefaultsToThirtySeconds() {
        assertThat(TopologySettings.timeout(CloudSettings.of(Map.of()))).isEqualTo(Duration.ofSeconds(30));
        assertThat(TopologySettings.timeout(CloudSettings.of(Map.of("timeout", "2m")))).isEqualTo(Duration.ofMinutes(2));
        assertThat(TopologySettings.timeout(CloudSettings.of(Map.of("timeout", "1500ms"))))
            .isEqualTo(Duration.ofMillis(1500));
        assertThat(Deadline.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Deadline.format(Duration.ofSeconds(90))).isEqualTo("90s");
    }

    @Test
    void timeoutThatIsNoDurationIsBadInputNamingTheFormat() {
        for (String bad : new String[] {"30", "soon", "0s", "-5s"}) {
            assertThatThrownBy(() -> TopologySettings.timeout(CloudSettings.of(Map.of("timeout", bad))))
                .isInstanceOf(InvalidTopologyException.class)
                .hasMessageStartingWith("timeout: '" + bad + "' is not a time limit")
                .hasMessageContaining("e.g. 30s or 2m");
        }
    }
}
