package io.hapair.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedLoginsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> counted = new ArrayList<>();
    private final FailedLogins logins = new FailedLogins(now::get, new FailedLogins.Counts() {
        @Override
        public void loginFailed(FailedLogins.Method method) {
            counted.add("failed " + method.tag());
        }

        @Override
        public void loginThrottled(FailedLogins.Method method) {
            counted.add("throttled " + method.tag());
        }
    });

    @Test
    void failuresByEitherMethodLockTheAddressOutForTheRestOfTheWindow() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(logins.refusedForSeconds(FailedLogins.Method.BASIC, "10.0.0.9")).isZero();
            logins.failed(i % 2 == 0 ? FailedLogins.Method.BASIC : FailedLogins.Method.UI, "10.0.0.9", "bal");
        }
        now.addAndGet(10_000);

        assertThat(logins.refusedForSeconds(FailedLogins.Method.UI, "10.0.0.9")).isEqualTo(50);
        assertThat(logins.refusedForSeconds(FailedLogins.Method.BASIC, "10.0.0.8")).isZero();
        now.addAndGet(50_000);
        assertThat(logins.refusedForSeconds(FailedLogins.Method.BASIC, "10.0.0.9")).isZero();
        assertThat(counted).containsExactly("failed basic", "failed ui", "failed basic", "failed ui", "failed basic",
                "throttled ui");
    }

    @Test
    void failuresAreLoggedWithTheirSourceAndAUserNameThatCannotForgeLines() {
        try (LogCapture logs = new LogCapture()) {
            logins.failed(FailedLogins.Method.UI, "10.0.0.9", "admin\nINFO forged line" + "x".repeat(100));

            assertThat(logs.lines()).anySatisfy(l -> assertThat(l).startsWith("auth: failed ui login as 'admin?INFO forged")
                    .contains("...' from 10.0.0.9").doesNotContain("\n"));
        }
    }
}
