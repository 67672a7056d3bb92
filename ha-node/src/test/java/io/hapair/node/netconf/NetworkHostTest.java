package io.hapair.node.netconf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hapair.node.netconf.model.HostNetwork;
import io.hapair.node.netconf.model.NetworkIntent;
import io.hapair.node.netconf.model.NetworkReadings;
import io.hapair.node.settings.AdminGateway;
import io.hapair.node.settings.DefaultGateway;
import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.InterfaceAddress;
import io.hapair.node.settings.InterfaceSettings;
import io.hapair.node.settings.InterfaceSettings.SpeedDuplex;
import io.hapair.node.settings.Route;
import io.hapair.node.settings.Vlan;
import io.hapair.node.settings.Vxlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's network settings applied with the real iproute2 and ethtool, in a network namespace of the test's
 * own (root needed, as CI runs): eth0 and eth1 are veths whose other ends stay in the namespace, up; eth1 has
 * 10.1.0.4/24 with a lease, as a DHCP client sets it. Each test starts from that namespace and leaves it so.
 */
class NetworkHostTest {

    // The pid keeps two test runs on one machine (two worktrees) apart.
    private static final String NS = "hapairnet" + ProcessHandle.current().pid();
    private static final List<String> IP = List.of("ip", "-n", NS);
    private static final List<String> ETHTOOL = List.of("ip", "netns", "exec", NS, "ethtool");

    private static final NetworkIntent ALL = new NetworkIntent(new DefaultGateway("10.0.1.1", "fd00::1"),
            List.of(new InterfaceAddress("eth0", "10.0.1.5", 24), new InterfaceAddress("eth1", "10.1.0.5", 24)),
            List.of(new InterfaceSettings("eth0", true, SpeedDuplex.AUTO, 1400, List.of("10.0.1.6/24", "fd00::5/64"))),
            List.of(),
            List.of(new Vxlan("vxlan10", 10, "eth0", "10.0.1.9", null, List.of("172.16.10.5/24"))),
            List.of(new Route("to-dc", "10.9.0.0/16", "10.0.1.1", "eth0")),
            new AdminGateway("eth1", "10.1.0.1"));

    private Vertx vertx;
    private WorkerExecutor worker;
    private NetworkHost host;

    @BeforeAll
    static void createNamespace() throws Exception {
        assertThat(sh("id", "-u").strip()).as("this test makes a network namespace: run it as root, as CI does")
                .isEqualTo("0");
        removeNamespace();
        sh("ip", "netns", "add", NS);
        for (String name : List.of("eth0", "eth1")) {
            sh("ip", "-n", NS, "link", "add", name, "type", "veth", "peer", "name", name + "p");
            sh("ip", "-n", NS, "link", "set", name + "p", "up");
            sh("ip", "-n", NS, "link", "set", name, "up");
        }
        sh("ip", "-n", NS, "addr", "add", "10.1.0.4/24", "dev", "eth1", "valid_lft", "3600", "preferred_lft", "3600");
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (sh("ip", "netns", "list").lines().anyMatch(line -> line.split(" ")[0].equals(NS))) {
            sh("ip", "netns", "del", NS);
        }
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        worker = vertx.createSharedWorkerExecutor("network-test", 1);
        host = new NetworkHost(worker, IP, ETHTOOL);
    }

    @AfterEach
    void stop() throws Exception {
        worker.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void everySettingIsAppliedVisibleWithIpAppliedOnceAndRemovedAgain() throws Exception {
        HostNetwork before = done(host.observe());

        done(host.apply(NetworkIntent.NONE, ALL));

        assertThat(ip("-o", "addr", "show", "dev", "eth0")).contains("inet 10.0.1.5/24", "inet 10.0.1.6/24");
        assertThat(ip("link", "show", "dev", "eth0")).contains("mtu 1400");
        assertThat(ip("-d", "link", "show", "dev", "vxlan10")).contains("vxlan id 10 remote 10.0.1.9 dev eth0",
                "dstport 4789").contains(",UP,");
        assertThat(ip("-o", "addr", "show", "dev", "vxlan10")).contains("inet 172.16.10.5/24");
        assertThat(ip("route", "show")).contains("default via 10.0.1.1 dev eth0 proto static",
                "10.9.0.0/16 via 10.0.1.1 dev eth0 proto static");
        assertThat(ip("-6", "route", "show")).contains("default via fd00::1 dev eth0 proto static");
        assertThat(ip("route", "show", "table", "1000")).contains("default via 10.1.0.1 dev eth1");
        assertThat(ip("rule", "show")).contains("1000:\tfrom 10.1.0.5 lookup 1000", "1000:\tfrom 10.1.0.4 lookup 1000");
        List<HostReading> readings = done(host.readings(ALL));
        assertThat(readings).filteredOn(r -> r.stored() != null).hasSizeGreaterThanOrEqualTo(12)
                .noneMatch(HostReading::drift);
        assertThat(readings).filteredOn(r -> r.stored() == null).singleElement()
                .isEqualTo(new HostReading("ip-addresses", "eth1 (DHCP)", null, "10.1.0.4/24",
                        NetworkReadings.DHCP_SOURCE));

        HostNetwork applied = done(host.observe());
        assertThat(done(host.plan(ALL, ALL))).as("a second apply has nothing to run").isEmpty();
        done(host.apply(ALL, ALL));
        assertThat(done(host.observe())).isEqualTo(applied);

        done(host.apply(ALL, NetworkIntent.NONE));

        assertThat(done(host.observe())).as("the namespace as it was, the DHCP address too").isEqualTo(before);
        assertThat(ip("rule", "show")).doesNotContain("lookup 1000");
    }

    /**
     * The namespace, like a kernel's default, does not promote secondaries: deleting 10.0.1.5, the subnet's first
     * address, deletes 10.0.1.6 and the new 10.0.1.7 with it. The apply's second look puts them back.
     */
    @Test
    void replacingTheFirstAddressOfASubnetKeepsItsOtherAddresses() throws Exception {
        HostNetwork before = done(host.observe());
        NetworkIntent first = new NetworkIntent(null, List.of(new InterfaceAddress("eth0", "10.0.1.5", 24)),
                List.of(new InterfaceSettings("eth0", null, null, null, List.of("10.0.1.6/24"))), null, null, null,
                null);
        NetworkIntent second = new NetworkIntent(null, List.of(new InterfaceAddress("eth0", "10.0.1.7", 24)),
                first.interfaces(), null, null, null, null);
        done(host.apply(NetworkIntent.NONE, first));

        done(host.apply(first, second));

        assertThat(ip("-o", "-4", "addr", "show", "dev", "eth0")).contains("inet 10.0.1.7/24", "inet 10.0.1.6/24")
                .doesNotContain("10.0.1.5");
        assertThat(done(host.plan(second, second))).isEmpty();
        done(host.apply(second, NetworkIntent.NONE));
        assertThat(done(host.observe())).isEqualTo(before);
    }

    @Test
    void aRefusedCommandStopsTheChangeNamingItAndIproutesWordAndTheWayBackUndoesWhatRan() throws Exception {
        HostNetwork before = done(host.observe());
        NetworkIntent unreachable = new NetworkIntent(null, List.of(new InterfaceAddress("eth0", "10.0.1.5", 24)),
                null, null, null, List.of(new Route("nowhere", "10.7.0.0/16", "10.5.5.1", null),
                        new Route("to-dc", "10.9.0.0/16", "10.0.1.1", null)), null);

        assertThatThrownBy(() -> done(host.apply(NetworkIntent.NONE, unreachable)))
                .isInstanceOf(NetworkApplyException.class)
                .hasMessageContaining("ip -n " + NS + " route add 10.7.0.0/16 via 10.5.5.1 proto static"
                        + " was refused (exit 2)")
                .hasMessageContaining("Error: Nexthop has invalid gateway.");
        assertThat(ip("-o", "addr", "show", "dev", "eth0")).as("what ran before it").contains("inet 10.0.1.5/24");
        assertThat(ip("route", "show")).as("what came after it").doesNotContain("10.9.0.0/16");

        done(host.apply(unreachable, NetworkIntent.NONE));

        assertThat(done(host.observe())).isEqualTo(before);
    }

    @Test
    void aSpeedTheInterfaceCannotTakeIsRefusedWithEthtoolsWord() {
        NetworkIntent forced = new NetworkIntent(null, null,
                List.of(new InterfaceSettings("eth0", true, SpeedDuplex.MBIT_1000_FULL, null, null)),
                null, null, null, null);

        assertThatThrownBy(() -> done(host.apply(NetworkIntent.NONE, forced)))
                .isInstanceOf(NetworkApplyException.class)
                .hasMessageContaining("ip netns exec " + NS + " ethtool -s eth0 speed 1000 duplex full autoneg off"
                        + " was refused")
                .hasMessageContaining("Operation not supported");
    }

    /**
     * The ip key: a stand-in that records its arguments and runs iproute2 in the namespace is what reads the host
     * (eth0p, a veth end that only the namespace has, is seen) and what changes it.
     */
    @Test
    void theConfiguredIpIsTheProgramThatReadsAndChangesTheHost(@TempDir Path dir) throws Exception {
        Path said = dir.resolve("arguments");
        Path siteIp = standIn(dir.resolve("site-ip"), "echo \"$@\" >> " + said + "\nexec ip -n " + NS + " \"$@\"");
        NetworkHost elsewhere = new NetworkHost(worker, List.of(siteIp.toString()), ETHTOOL);
        NetworkIntent address = new NetworkIntent(null, List.of(new InterfaceAddress("eth0p", "10.0.1.5", 24)), null,
                null, null, null, null);

        HostNetwork before = done(elsewhere.observe());
        done(elsewhere.apply(NetworkIntent.NONE, address));

        assertThat(before.link("eth0p")).isPresent();
        assertThat(Files.readAllLines(said)).contains("-j -d link show", "addr add 10.0.1.5/24 dev eth0p");
        assertThat(ip("-o", "addr", "show", "dev", "eth0p")).contains("inet 10.0.1.5/24");
        done(elsewhere.apply(address, NetworkIntent.NONE));
        assertThat(done(host.observe())).isEqualTo(before);
    }

    /**
     * The ethtool key: a stand-in that takes the forced speed a veth refuses (see above) and shows it afterwards is
     * what sets and reads speed and duplex.
     */
    @Test
    void theConfiguredEthtoolIsTheProgramThatSetsAndReadsSpeedAndDuplex(@TempDir Path dir) throws Exception {
        Path said = dir.resolve("arguments");
        Path siteEthtool = standIn(dir.resolve("site-ethtool"), String.join("\n",
                "echo \"$@\" >> " + said,
                "[ \"$1\" = -s ] && exit 0",
                "if grep -q -- \"-s $1 speed 1000 duplex full\" " + said + "; then speed=1000; else speed=10000; fi",
                "printf 'Settings for %s:\\n\\tSpeed: %sMb/s\\n' \"$1\" $speed",
                "printf '\\tDuplex: Full\\n\\tAuto-negotiation: off\\n'"));
        NetworkHost elsewhere = new NetworkHost(worker, IP, List.of(siteEthtool.toString()));
        NetworkIntent forced = new NetworkIntent(null, null,
                List.of(new InterfaceSettings("eth0p", true, SpeedDuplex.MBIT_1000_FULL, null, null)),
                null, null, null, null);

        assertThat(done(elsewhere.observe()).link("eth0p").orElseThrow().speedDuplex()).isEqualTo("10000-full");
        done(elsewhere.apply(NetworkIntent.NONE, forced));

        assertThat(Files.readAllLines(said)).contains("-s eth0p speed 1000 duplex full autoneg off");
        assertThat(done(elsewhere.observe()).link("eth0p").orElseThrow().speedDuplex()).isEqualTo("1000-full");
        assertThat(done(elsewhere.plan(forced, forced))).isEmpty();
    }

    @Test
    void aMissingIpOrEthtoolIsNamedWithThePackageAndTheKeyToSet(@TempDir Path dir) {
        String noIp = dir.resolve("no-such-ip").toString();
        String noEthtool = dir.resolve("no-such-ethtool").toString();
        NetworkIntent forced = new NetworkIntent(null, null,
                List.of(new InterfaceSettings("eth0p", true, SpeedDuplex.MBIT_1000_FULL, null, null)),
                null, null, null, null);

        assertThatThrownBy(() -> done(new NetworkHost(worker, List.of(noIp), ETHTOOL).observe()))
                .isInstanceOf(NetworkApplyException.class).hasMessageContaining("cannot run " + noIp + " -j")
                .hasMessageContaining("install Debian's iproute2 package, or set ip to the program's path");
        assertThatThrownBy(() -> done(new NetworkHost(worker, IP, List.of(noEthtool)).apply(NetworkIntent.NONE,
                forced)))
                .isInstanceOf(NetworkApplyException.class).hasMessageContaining("cannot run " + noEthtool + " -s eth0p")
                .hasMessageContaining("install Debian's ethtool package, or set ethtool to the program's path");
    }

    /**
     * A VLAN needs the kernel's 802.1Q support (module 8021q). Where the kernel has it, the VLAN comes and goes with
     * its address; where it has none (this machine's kernel), the change fails naming the command and the kernel's
     * word, which is what an operator on such a host sees.
     */
    @Test
    void aVlanIsCreatedWithItsAddressOrTheKernelsMissingSupportIsNamed() throws Exception {
        HostNetwork before = done(host.observe());
        NetworkIntent vlan = new NetworkIntent(null, null, null,
                List.of(new Vlan("eth0", 100, List.of("192.168.100.5/24"))), null, null, null);
        boolean kernelHasVlans = kernelHasVlans();

        if (kernelHasVlans) {
            done(host.apply(NetworkIntent.NONE, vlan));
            assertThat(ip("-d", "link", "show", "dev", "eth0.100")).contains("vlan protocol 802.1Q id 100");
            assertThat(ip("-o", "addr", "show", "dev", "eth0.100")).contains("inet 192.168.100.5/24");
            assertThat(done(host.plan(vlan, vlan))).isEmpty();
        } else {
            assertThatThrownBy(() -> done(host.apply(NetworkIntent.NONE, vlan)))
                    .isInstanceOf(NetworkApplyException.class)
                    .hasMessageContaining("ip -n " + NS + " link add link eth0 name eth0.100 type vlan id 100")
                    .hasMessageContaining("Unknown device type");
        }
        done(host.apply(vlan, NetworkIntent.NONE));

        assertThat(done(host.observe())).isEqualTo(before);
    }

    private static boolean kernelHasVlans() throws Exception {
        Process probe = new ProcessBuilder("ip", "-n", NS, "link", "add", "link", "eth1", "name", "probe.7", "type",
                "vlan", "id", "7").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        if (probe.waitFor() != 0) {
            return false;
        }
        sh("ip", "-n", NS, "link", "del", "probe.7");
        return true;
    }

    private static Path standIn(Path path, String script) throws IOException {
        Files.writeString(path, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }

    private static String ip(String... args) throws Exception {
        List<String> command = new ArrayList<>(IP);
        command.addAll(List.of(args));
        return sh(command.toArray(String[]::new));
    }

    private static String sh(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    private static <T> T done(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
