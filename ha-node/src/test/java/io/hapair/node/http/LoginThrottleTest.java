package io.hapair.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final LoginThrottle throttle = new LoginThrottle();

    @Test
    void theSixthTryWithinAMinuteWaitsUntilTheFirstFailureAgesOut() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(throttle.waitMillis("10.0.0.9", i * 1000L)).isZero();
            throttle.failed("10.0.0.9", i * 1000L);
        }
        assertThat(throttle.waitMillis("10.0.0.9", 10_000)).isEqualTo(50_000);
        assertThat(throttle.waitMillis("10.0.0.10", 10_000)).isZero();
        assertThat(throttle.waitMillis("10.0.0.9", 60_000)).isZero();
    }

    @Test
    void aGoodPasswordForgivesEarlierTypos() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("10.0.0.9", 0);
        }
        throttle.succeeded("10.0.0.9");
        throttle.failed("10.0.0.9", 0);
        assertThat(throttle.waitMillis("10.0.0.9", 1)).isZero();
    }

    @Test
    void theFailureThatReachesTheLimitSaysHowLongToWait() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
            assertThat(throttle.failed("10.0.0.9", i * 1000L)).isZero();
        }
        assertThat(throttle.failed("10.0.0.9", 4_000)).isEqualTo(56_000);
    }

    @Test
    void pastTheAddressLimitTheAddressHeardFromLeastRecentlyIsForgotten() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            throttle.failed("10.0.0.9", 0);
        }
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES; i++) {
            throttle.failed("10.1." + (i / 256) + "." + (i % 256), 0);
        }
        assertThat(throttle.waitMillis("10.0.0.9", 1)).isZero();
        assertThat(throttle.waitMillis("10.1.0.1", 1)).isZero();
    }
}
