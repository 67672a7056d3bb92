package io.hapair.tests.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node-local host name, name servers and domain take effect on a real node's host: the node runs in a UTS
 * namespace and a mount namespace of its own ({@code unshare}), never touching this machine's name, with
 * {@code hostname} as its hostname-command; its resolv-conf is a file of the test, bind-mounted onto itself inside
 * the node's mount namespace as systemd's ReadWritePaths= does with /etc/resolv.conf (so it cannot be renamed over
 * and is written in place, as on a deployed node). Needs root, as run-tests has.
 */
class HostNamingTest {

    private static final String CLOUD = "nameserver 168.63.129.16\noptions edns0 trust-ad\nsearch cloud.example\n";
    private static final String HEADER = "# Written by hanode";

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(172);
    static Path resolvConf;
    static HaNodeProcess node;
    static String ownHostname;

    @BeforeAll
    static void start() throws Exception {
        ownHostname = kernelHostname();
        resolvConf = Files.writeString(fixtures.workDir().resolve("resolv.conf"), CLOUD);
        NodeOptions options = NodeOptions.of("alone", "none", "prefer-master", fixtures.nextAddress(), null)
                .with("--hostname-command", "hostname", "--resolv-conf", resolvConf.toString(), "--host-network", "apply")
                // unshare and sh exec the next program: the JVM keeps the pid the test signals and nsenter joins.
                .withLauncher(List.of("unshare", "--uts", "--mount", "--propagation", "private", "--", "sh", "-c",
                        "mount --bind \"$0\" \"$0\" && exec \"$@\"", resolvConf.toString()));
        node = fixtures.node(options);
    }

    @Test
    void storedSettingsTakeEffectAChangeBehavesAndTheNextChangeUndoesWhatWasChangedBehindTheNodesBack()
            throws Exception {
        long inode = inode();
        put("hostname", "{\"name\":\"hn-one\"}");
        put("name-server", "{\"addresses\":[\"10.0.0.2\",\"10.0.0.3\"]}");
        put("domain", "{\"name\":\"example.com\"}");

        await("the node's namespace has the name").atMost(Patience.SETTLE).until(() -> nodeHostname().equals("hn-one"));
        await("the resolver's file has the name servers and the domain").atMost(Patience.SETTLE).untilAsserted(() ->
                assertThat(Files.readString(resolvConf)).startsWith(HEADER).endsWith("\nsearch example.com\n"
                        + "nameserver 10.0.0.2\nnameserver 10.0.0.3\noptions edns0 trust-ad\n"));
        assertThat(inode()).as("written in place: a bind-mounted file cannot be renamed over").isEqualTo(inode);
        assertThat(kernelHostname()).as("this machine's own name").isEqualTo(ownHostname);

        put("hostname", "{\"name\":\"hn-two\"}");
        put("name-server", "{\"addresses\":[\"fd00::53\"]}");
        await("a changed name").atMost(Patience.SETTLE).until(() -> nodeHostname().equals("hn-two"));
        await("changed name servers").atMost(Patience.SETTLE).untilAsserted(() ->
                assertThat(Files.readString(resolvConf)).endsWith("\nsearch example.com\nnameserver fd00::53\n"
                        + "options edns0 trust-ad\n"));

        // Behind the node's back: the node shows it as drift and puts it right at its next change, not before.
        setNodeHostname("someone-else");
        Files.writeString(resolvConf, CLOUD);
        Thread.sleep(3_000);
        assertThat(nodeHostname()).as("not fought over between changes").isEqualTo("someone-else");
        assertThat(resolvConf).hasContent(CLOUD);
        put("domain", "{\"name\":\"example.org\"}");
        await("the next change puts the name right").atMost(Patience.SETTLE).until(() ->
                nodeHostname().equals("hn-two"));
        await("and the name servers").atMost(Patience.SETTLE).untilAsserted(() ->
                assertThat(Files.readString(resolvConf)).startsWith(HEADER).endsWith("\nsearch example.org\n"
                        + "nameserver fd00::53\noptions edns0 trust-ad\n"));

        // A new start in a new UTS namespace (which begins with this machine's name) and a file changed meanwhile.
        node.sigterm();
        node.awaitExit(Patience.SETTLE);
        Files.writeString(resolvConf, CLOUD);
        node.restart(Patience.SETTLE);
        await("the start gives the new namespace the name").atMost(Patience.SETTLE).until(() ->
                nodeHostname().equals("hn-two"));
        await("and the file the name servers").atMost(Patience.SETTLE).untilAsserted(() ->
                assertThat(Files.readString(resolvConf)).startsWith(HEADER).endsWith("\nsearch example.org\n"
                        + "nameserver fd00::53\noptions edns0 trust-ad\n"));

        assertThat(node.logOfThisRun()).contains("naming: the host name is now hn-two",
                "naming: wrote the name servers and the domain to " + resolvConf);
        assertThat(node.logOfThisRun().lines().filter(l -> l.contains(" WARN ") && l.contains("naming:")))
                .as("no trouble").isEmpty();
        assertThat(kernelHostname()).isEqualTo(ownHostname);
    }

    private static void put(String type, String body) {
        HttpOnce.Answer answer = node.api("PUT", "/api/v1/" + type, body, null);
        assertThat(answer.code()).as(answer.body()).isIn(200, 201);
    }

    private static long inode() throws IOException {
        return ((Number) Files.getAttribute(resolvConf, "unix:ino")).longValue();
    }

    private static String kernelHostname() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    /** The host name in the node's UTS namespace. */
    private static String nodeHostname() throws Exception {
        return inNodeNamespace("hostname");
    }

    private static void setNodeHostname(String name) throws Exception {
        inNodeNamespace("hostname", name);
    }

    private static String inNodeNamespace(String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("nsenter", "-t", Long.toString(node.pid()), "-u", "--"));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as(String.join(" ", line)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(String.join(" ", line) + ": " + output).isZero();
        return output;
    }
}
