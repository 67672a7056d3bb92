package io.hapair.node.health.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each input's level against the thresholds, at and around them, with the threshold named in the reason. */
class HealthRulesTest {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_800_000_000_000L;
    // The defaults of the configuration keys.
    private final HealthRules rules = new HealthRules(new HealthThresholds(20, 5, 10, 3, 2, 20, 30, 30_000));

    @ParameterizedTest(name = "{0} of 100 free: {1}")
    @CsvSource({
        "100, NORMAL, at least health-disk-free-warning 20.0%",
        "20, NORMAL, at least health-disk-free-warning 20.0%",
        "19, WARNING, below health-disk-free-warning 20.0%",
        "5, WARNING, below health-disk-free-warning 20.0%",
        "4, CRITICAL, below health-disk-free-critical 5.0%",
        "1, CRITICAL, below health-disk-free-critical 5.0%",
    })
    void diskFreeSpaceIsWarningBelowTheWarningShareAndCriticalBelowTheCriticalOne(long free, HealthLevel level,
                                                                                  String why) {
        HealthInput disk = rules.disk(free << 30, 100L << 30);

        assertThat(disk.level()).isEqualTo(level);
        assertThat(disk.why()).isEqualTo(why);
        assertThat(disk.value()).isEqualTo(free + ".0% free (" + free + ".0 GiB of 100.0 GiB)");
    }

    @ParameterizedTest(name = "{0} kB of 1000000 available: {1}")
    @CsvSource({"500000, NORMAL", "100000, NORMAL", "99999, WARNING", "30000, WARNING", "29999, CRITICAL"})
    void memoryIsWarningBelowTenPercentAvailableAndCriticalBelowThree(long availableKb, HealthLevel level) {
        assertThat(rules.memory(new MemInfo(1_000_000, availableKb)).level()).isEqualTo(level);
    }

    @ParameterizedTest(name = "load {0} on {1} CPUs, was {2}: {3}")
    @CsvSource({
        "4.0, 2, NORMAL, NORMAL",
        "4.01, 2, NORMAL, WARNING",
        "100, 1, NORMAL, WARNING",
        "0.5, 0, NORMAL, NORMAL",
        "3.7, 2, NORMAL, NORMAL",
        "3.7, 2, WARNING, WARNING",
        "3.6, 2, WARNING, NORMAL",
    })
    void loadIsAWarningAboveTwoPerCpuEndsUnderNinetyPercentOfItAndIsNeverCritical(double load, int cpus,
                                                                                   HealthLevel was, HealthLevel level) {
        HealthInput input = rules.load(load, cpus, was);

        assertThat(input.level()).isEqualTo(level);
        assertThat(input.why()).contains("health-load-warning 2");
    }

    @Test
    void cpuStealIsMeasuredBetweenTwoReadingsIsAWarningAboveItsShareAndEndsUnderNinetyPercentOfIt() {
        CpuTimes first = new CpuTimes(10_000, 100);

        assertThat(rules.cpuSteal(null, first, HealthLevel.NORMAL).value()).isEqualTo("not measured yet");
        assertThat(rules.cpuSteal(first, first, HealthLevel.NORMAL).level()).isEqualTo(HealthLevel.NORMAL);
        assertThat(rules.cpuSteal(first, new CpuTimes(11_000, 300), HealthLevel.NORMAL).level()).as("20% stolen")
                .isEqualTo(HealthLevel.NORMAL);
        HealthInput starved = rules.cpuSteal(first, new CpuTimes(11_000, 301), HealthLevel.NORMAL);
        assertThat(starved.level()).isEqualTo(HealthLevel.WARNING);
        assertThat(starved.value()).isEqualTo("20.1%");
        assertThat(starved.why()).startsWith("above health-cpu-steal-warning 20.0%");
        assertThat(rules.cpuSteal(first, new CpuTimes(11_000, 290), HealthLevel.WARNING).level())
                .as("19% stolen, not yet under 18%").isEqualTo(HealthLevel.WARNING);
        assertThat(rules.cpuSteal(first, new CpuTimes(11_000, 279), HealthLevel.WARNING).level())
                .as("17.9% stolen").isEqualTo(HealthLevel.NORMAL);
    }

    @Test
    void theCertificateIsAWarningWithinTheWarningDaysAndCriticalOnceExpired() {
        assertThat(rules.certificate("CN=a", NOW + 31 * DAY, NOW).level()).isEqualTo(HealthLevel.NORMAL);
        HealthInput soon = rules.certificate("CN=a", NOW + 29 * DAY, NOW);
        assertThat(soon.level()).isEqualTo(HealthLevel.WARNING);
        assertThat(soon.value()).isEqualTo("expires in 29 day(s)");
        assertThat(soon.why()).contains("CN=a", "health-certificate-warning-days 30");
        HealthInput expired = rules.certificate("CN=a", NOW - 2 * DAY, NOW);
        assertThat(expired.level()).isEqualTo(HealthLevel.CRITICAL);
        assertThat(expired.value()).isEqualTo("expired 2 day(s) ago");
    }

    @Test
    void theAdministrationCertificateIsAWarningWithinTheWarningDaysAndStillOnlyAWarningOnceExpired() {
        assertThat(rules.adminCertificate("CN=admin", NOW + 31 * DAY, NOW)).isEqualTo(new HealthInput(
                "admin-certificate", "expires in 31 day(s)", HealthLevel.NORMAL,
                "more than health-certificate-warning-days 30 left"));
        assertThat(rules.adminCertificate("CN=admin", NOW + 29 * DAY, NOW)).isEqualTo(new HealthInput(
                "admin-certificate", "expires in 29 day(s)", HealthLevel.WARNING, "the administration certificate of"
                + " CN=admin expires within health-certificate-warning-days 30; store a renewed one"
                + " (PUT /api/v1/admin-certificate), or delete it for the node's own"));
        HealthInput expired = rules.adminCertificate("CN=admin", NOW - 2 * DAY, NOW);
        assertThat(expired.level()).as("only 8443 presents it: handing the traffic over would not help")
                .isEqualTo(HealthLevel.WARNING);
        assertThat(expired.value()).isEqualTo("expired 2 day(s) ago");
        assertThat(expired.why()).startsWith("the administration certificate of CN=admin has expired: browsers and API"
                + " clients refuse 8443;");
    }

    @Test
    void theFirstVirtualServiceCertificateToExpireDecidesAndIsAtWorstAWarning() {
        assertThat(rules.vsCertificates(Map.of(), NOW).value()).isEqualTo("none stored");
        assertThat(rules.vsCertificates(Map.of("web", NOW + 90 * DAY, "api", NOW + 31 * DAY), NOW))
                .isEqualTo(new HealthInput("vs-certificates", "2 stored; api expires first, in 31 day(s)",
                        HealthLevel.NORMAL, "more than health-certificate-warning-days 30 left"));
        HealthInput soon = rules.vsCertificates(Map.of("web", NOW + 90 * DAY, "api", NOW + 3 * DAY), NOW);
        assertThat(soon.level()).isEqualTo(HealthLevel.WARNING);
        assertThat(soon.why()).isEqualTo("virtual-service certificate api expires within health-certificate-warning-days"
                + " 30; renew it (PUT /api/v1/vs-certificates/api): the partner serves the same one");
        HealthInput expired = rules.vsCertificates(Map.of("web", NOW - DAY), NOW);
        assertThat(expired.level()).as("the partner has the same one").isEqualTo(HealthLevel.WARNING);
        assertThat(expired.value()).isEqualTo("1 stored; web expired 1 day(s) ago");
    }

    @Test
    void theClockIsAWarningOnlyOnceChronySaidItIsNotSynchronised() {
        assertThat(rules.clock(false, false, null, null).level()).isEqualTo(HealthLevel.NORMAL);
        assertThat(rules.clock(true, true, 0.001, null).level()).isEqualTo(HealthLevel.NORMAL);
        assertThat(rules.clock(true, false, null, null).level()).isEqualTo(HealthLevel.WARNING);
        assertThat(rules.clock(true, false, null, "chronyc: not found").why())
                .isEqualTo("chrony cannot be asked: chronyc: not found");
    }

    @ParameterizedTest(name = "lag {0} ms: {1}")
    @CsvSource({"0, NORMAL", "29999, NORMAL", "30000, WARNING", "3600000, WARNING"})
    void syncLagIsAWarningFromItsThresholdAndNeverCritical(long lag, HealthLevel level) {
        HealthInput input = rules.syncLag(lag, 2, 1);

        assertThat(input.level()).isEqualTo(level);
        assertThat(input.value()).endsWith("s (2 pending, 1 unsent)");
        assertThat(input.why()).contains("sync-lag-warning 30 s");
    }

    @Test
    void aDataPlaneThatDoesNotRunAndADataDirectoryThatCannotBeWrittenAreCritical() {
        assertThat(rules.dataPlane(true, null).level()).isEqualTo(HealthLevel.NORMAL);
        assertThat(rules.dataPlane(false, "haproxy cannot start").level()).isEqualTo(HealthLevel.CRITICAL);
        assertThat(rules.dataDirectory("/var/lib/hanode", null).level()).isEqualTo(HealthLevel.NORMAL);
        HealthInput readOnly = rules.dataDirectory("/var/lib/hanode", "Read-only file system");
        assertThat(readOnly.level()).isEqualTo(HealthLevel.CRITICAL);
        assertThat(readOnly.why()).isEqualTo("/var/lib/hanode is not writable: Read-only file system");
    }

    @Test
    void aCriticalThresholdAboveItsWarningOneIsRefused() {
        assertThatThrownBy(() -> new HealthThresholds(5, 20, 10, 3, 2, 20, 30, 30_000))
                .hasMessageContaining("disk's critical threshold (20.0%) is above its warning threshold (5.0%)");
    }
}
