package io.hapair.cloud.adapter;

import io.hapair.cloud.PairFixtures;
import io.hapair.cloud.adapter.ChangeOutcome.Status;
import io.hapair.cloud.plan.Change;
import io.hapair.cloud.topology.PairTopology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WriteStepsTest {

    private final PairTopology topology = PairFixtures.topology();
    private final Change pool = new Change.Add(topology.backendPool());
    private final Change probe = new Change.Add(topology.probe());
    private final Change rule = new Change.Add(topology.securityRules().get(0));
    private final List<String> written = new ArrayList<>();

    @Test
    void failedWriteSkipsLaterWritesOfItsChainButNotOtherChains() {
        WriteSteps steps = new WriteSteps();
        steps.add("balancer", "balancer", List.of(pool, probe), () -> {
            throw new IllegalStateException("boom");
        });
        steps.add("balancer", "nic", List.of(pool), () -> written.add("nic"));
        steps.add("security", "nsg", List.of(rule), () -> written.add("nsg"));

        ApplyReport report = steps.run(List.of(pool, probe, rule), line -> { });

        assertThat(written).containsExactly("nsg");
        assertThat(report.outcomes()).extracting(ChangeOutcome::status)
            .containsExactly(Status.FAILED, Status.FAILED, Status.APPLIED);
        assertThat(report.outcomes().get(0).detail()).isEqualTo("boom");
    }

    @Test
    void concurrentChangeStopsEveryLaterWriteSoTheCallerCanReplan() {
        WriteSteps steps = new WriteSteps();
        steps.add("balancer", "balancer", List.of(pool), () -> {
            throw new ConcurrentChangeException("load balancer ilb", null);
        });
        steps.add("security", "nsg", List.of(rule), () -> written.add("nsg"));

        ApplyReport report = steps.run(List.of(pool, rule), line -> { });

        assertThat(written).isEmpty();
        assertThat(report.conflicted()).isTrue();
        assertThat(report.outcomes()).extracting(ChangeOutcome::status)
            .containsExactly(Status.CONFLICTED, Status.SKIPPED);
    }

    @Test
    void changeIsAppliedOnlyWhenAllItsWritesSucceeded() {
        WriteSteps steps = new WriteSteps();
        steps.add("balancer", "balancer", List.of(pool), () -> written.add("balancer"));
        steps.add("nic", "nic", List.of(pool), () -> {
            throw new IllegalStateException("nic refused");
        });

        ApplyReport report = steps.run(List.of(pool), line -> { });

        assertThat(report.succeeded()).isFalse();
        assertThat(report.outcomes().get(0).status()).isEqualTo(Status.FAILED);
    }
}
