package io.hapair.node.selfcheck.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReachabilityTest {

    private final CheckTarget gateway = CheckTarget.parse("gateway");
    private final CheckTarget server = CheckTarget.parse("tcp:10.0.0.9:80");
    private final Reachability reachability = new Reachability(List.of(gateway, server));

    @Test
    void nothingIsLostBeforeAnyCheck() {
        assertThat(reachability.summary()).isEqualTo(new Reachability.Summary(0, 2, ""));
        assertThat(reachability.targets()).extracting(Reachability.TargetState::lastResult)
                .containsOnly("not checked yet");
    }

    @Test
    void oneFailedCheckIsNoLossButTwoInARowAre() {
        reachability.record(server, false, "connection refused");
        assertThat(reachability.summary().lost()).isZero();

        reachability.record(server, false, "connection refused");
        assertThat(reachability.summary()).isEqualTo(new Reachability.Summary(1, 2, "tcp:10.0.0.9:80 (connection refused)"));
    }

    @Test
    void aSuccessBetweenFailuresStartsTheCountAgain() {
        reachability.record(gateway, false, "no reply within 1000 ms");
        reachability.record(gateway, true, null);
        reachability.record(gateway, false, "no reply within 1000 ms");

        assertThat(reachability.summary().lost()).isZero();
    }

    @Test
    void aLostTargetAnswersAgainWithItsFirstSuccess() {
        reachability.record(gateway, false, "no IPv4 default route");
        reachability.record(gateway, false, "no IPv4 default route");
        reachability.record(gateway, true, null);

        assertThat(reachability.summary().lost()).isZero();
        assertThat(reachability.targets().get(0)).isEqualTo(new Reachability.TargetState("gateway", false, 0, "answered"));
    }

    @Test
    void aTargetThatIsNotConfiguredIsRefused() {
        assertThatThrownBy(() -> reachability.record(CheckTarget.parse("icmp:10.0.0.1"), true, null))
                .hasMessageContaining("icmp:10.0.0.1 is not a target");
    }
}
