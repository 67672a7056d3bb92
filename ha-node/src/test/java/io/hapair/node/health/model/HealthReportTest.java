package io.hapair.node.health.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's level is its worst input's; only Critical makes it unhealthy; each change of level is news once. */
class HealthReportTest {

    private static HealthInput input(String name, HealthLevel level) {
        return new HealthInput(name, name + " value", level, name + " why");
    }

    @Test
    void theLevelIsTheWorstInputsAndOnlyCriticalIsUnhealthy() {
        HealthReport normal = new HealthReport(List.of(input("disk", HealthLevel.NORMAL)));
        HealthReport warning = new HealthReport(List.of(input("disk", HealthLevel.NORMAL),
                input("load", HealthLevel.WARNING)));
        HealthReport critical = new HealthReport(List.of(input("disk", HealthLevel.CRITICAL),
                input("load", HealthLevel.WARNING), input("memory", HealthLevel.CRITICAL)));

        assertThat(new HealthReport(List.of()).level()).isEqualTo(HealthLevel.NORMAL);
        assertThat(normal.level()).isEqualTo(HealthLevel.NORMAL);
        assertThat(warning.level()).isEqualTo(HealthLevel.WARNING);
        assertThat(warning.healthy()).isTrue();
        assertThat(warning.detail()).isEqualTo("ok");
        assertThat(critical.level()).isEqualTo(HealthLevel.CRITICAL);
        assertThat(critical.healthy()).isFalse();
        assertThat(critical.detail()).isEqualTo("disk: disk value, disk why; memory: memory value, memory why");
    }

    @Test
    void aWarningIsNewsWhenItBeginsAndWhenItEndsNotWhileItLasts() {
        HealthReport quiet = new HealthReport(List.of(input("sync-lag", HealthLevel.NORMAL)));
        HealthReport lagging = new HealthReport(List.of(input("sync-lag", HealthLevel.WARNING)));

        assertThat(quiet.changesSince(null)).as("a first report that is all normal").isEmpty();
        assertThat(lagging.changesSince(null)).containsExactly("sync-lag is warning: sync-lag value; sync-lag why");
        assertThat(lagging.changesSince(quiet)).containsExactly("sync-lag is warning: sync-lag value; sync-lag why");
        assertThat(lagging.changesSince(lagging)).as("while it lasts").isEmpty();
        assertThat(quiet.changesSince(lagging))
                .containsExactly("sync-lag is normal again (was warning): sync-lag value; sync-lag why");
    }

    @Test
    void anInputMeasuredForTheFirstTimeIsNewsOnlyWhenItIsNotNormal() {
        HealthReport before = new HealthReport(List.of(input("clock", HealthLevel.NORMAL)));
        HealthReport after = new HealthReport(List.of(input("clock", HealthLevel.NORMAL),
                input("disk", HealthLevel.CRITICAL), input("memory", HealthLevel.NORMAL)));

        assertThat(after.changesSince(before)).containsExactly("disk is critical: disk value; disk why");
    }
}
