package io.hapair.node.health.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The kernel's /proc files as Linux writes them. */
class ProcReadingsTest {

    @Test
    void memInfoGivesMemTotalAndMemAvailable() {
        String meminfo = """
                MemTotal:        8029876 kB
                MemFree:          236444 kB
                MemAvailable:    5123456 kB
                Buffers:          402844 kB
                """;

        assertThat(MemInfo.parse(meminfo)).isEqualTo(new MemInfo(8_029_876, 5_123_456));
        assertThatThrownBy(() -> MemInfo.parse("MemTotal: 1 kB\n")).hasMessageContaining("MemAvailable");
    }

    @Test
    void procStatGivesTheAllCpuTotalAndItsStolenTime() {
        String stat = """
                cpu  10132153 290696 3084719 46828483 16683 0 25195 175628 0 0
                cpu0 1393280 32966 572056 13343292 6130 0 17875 87814 0 0
                intr 1462898
                """;

        assertThat(CpuTimes.parse(stat)).isEqualTo(new CpuTimes(10132153L + 290696 + 3084719 + 46828483 + 16683 + 25195
                + 175628, 175628));
        assertThat(CpuTimes.parse("cpu  1 2 3 4\n")).as("an old kernel without steal").isEqualTo(new CpuTimes(10, 0));
    }

    @Test
    void loadAvgGivesTheOneMinuteAverage() {
        assertThat(LoadAverage.parse("0.52 0.58 0.59 1/467 12345\n")).isEqualTo(new LoadAverage(0.52));
        assertThatThrownBy(() -> LoadAverage.parse("busy\n")).hasMessageContaining("does not begin with a load average");
    }
}
