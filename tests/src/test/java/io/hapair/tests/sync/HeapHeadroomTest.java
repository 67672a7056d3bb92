package io.hapair.tests.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node run with the systemd unit's tight heap ({@code -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30}) lets its heap
 * grow in large steps while a bulk load of settings runs, and sets the ratios back and compacts the heap after it.
 */
class HeapHeadroomTest {

    private static final List<String> UNIT_HEAP = List.of("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(189);

    @Test
    void anImportOfManyServicesWidensTheHeapWhileItRunsAndGivesItBackAfter() throws Exception {
        HaNodeProcess node = fixtures.node(NodeOptions.of("alone", "none", "prefer-master", fixtures.nextAddress(), null)
                .withJvmArgs(jvm()));

        HttpOnce.Answer imported = node.api("POST", "/api/v1/settings/import", SettingsApi.exportOf(300), null);

        assertThat(imported.code()).as(imported.body()).isEqualTo(200);
        await("the bulk load ended").atMost(Patience.SETTLE)
                .until(() -> node.logOfThisRun().contains("heap: the bulk load of settings ended"));
        String log = node.logOfThisRun();
        assertThat(log).containsSubsequence(
                "heap: a bulk load of settings began (300 documents at once)",
                "(MinHeapFreeRatio 60, MaxHeapFreeRatio 85; at rest 10 and 30)",
                "heap: the bulk load of settings ended (300 documents",
                "MinHeapFreeRatio 10 and MaxHeapFreeRatio 30 again; one full collection");
        assertThat(flag(node, "MinHeapFreeRatio")).as("the JVM's MinHeapFreeRatio after the load").isEqualTo(10);
        assertThat(flag(node, "MaxHeapFreeRatio")).as("the JVM's MaxHeapFreeRatio after the load").isEqualTo(30);
    }

    @Test
    void singleEditsLeaveTheHeapAlone() {
        HaNodeProcess node = fixtures.node(NodeOptions.of("edits", "none", "prefer-master", fixtures.nextAddress(), null)
                .withJvmArgs(jvm()));

        for (int i = 0; i < 3; i++) {
            HttpOnce.Answer created = node.api("POST", "/api/v1/virtual-services",
                    SettingsApi.virtualService("edit-" + i, 2_000 + i), null);
            assertThat(created.code()).as(created.body()).isEqualTo(201);
        }

        assertThat(node.logOfThisRun()).doesNotContain("heap: a bulk load");
    }

    private static int flag(HaNodeProcess node, String name) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(node.pid()), "VM.flags", "-all").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        assertThat(jcmd.waitFor(30, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
        Matcher m = Pattern.compile("\\b" + name + "\\s+= (\\d+)").matcher(out);
        assertThat(m.find()).as("jcmd VM.flags lists " + name + ":\n" + out).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static List<String> jvm() {
        List<String> jvm = new ArrayList<>(NodeOptions.LIGHT_JVM);
        jvm.addAll(UNIT_HEAP);
        return jvm;
    }
}
