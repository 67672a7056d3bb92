package io.hapair.tests.sync;

import static io.hapair.tests.sync.SettingsApi.VS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** kill -9 in the middle of 300 API writes: every write answered 2xx is still there, here and on the partner. */
class AcknowledgedWritesSurviveKill9Test {

    // The writes go one at a time, so one is in flight whenever the kill comes, however many were
    // acknowledged before it; the hundred before the kill give the store a history to keep.
    private static final int WRITES = 300;

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(32);

    @Test
    void everyAcknowledgedWriteSurvivesKill9AndReachesThePartner() throws Exception {
        NodePair pair = fixtures.pair("prefer-master");
        SettingsApi master = SettingsApi.of(pair.master());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> refusedBeforeKill = new ArrayList<>();
        AtomicBoolean killing = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < WRITES; i++) {
                String name = "burst-" + i;
                HttpOnce.Answer a = master.create(VS, SettingsApi.virtualService(name, 2_000 + i));
                if (a.code() >= 200 && a.code() < 300) {
                    acknowledged.add(name);
                } else if (!killing.get()) {
                    refusedBeforeKill.add(name + ": " + a.code() + " " + a.body());
                }
            }
        }, "api-writer");
        writer.start();
        // Some way into the burst, so writes are in flight when the process dies.
        await("a third of the burst acknowledged").atMost(Patience.START).until(() -> acknowledged.size() >= WRITES / 3);
        killing.set(true);
        pair.master().kill9();
        writer.join(Patience.START.toMillis());
        Set<String> survivors = Set.copyOf(acknowledged);
        assertThat(refusedBeforeKill).isEmpty();

        // The slave stops too, so the restarted master can only have them from its own store.
        pair.slave().kill9();
        pair.master().restart(Patience.START);
        assertThat(master.ids(VS)).containsAll(survivors);

        pair.slave().restart(Patience.START);
        SettingsApi slave = SettingsApi.of(pair.slave());
        await("the slave has every acknowledged write").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> slave.ids(VS).containsAll(survivors));
        System.out.println("[sync] acknowledged before kill -9: " + survivors.size() + " of " + WRITES);
    }
}
