package io.hapair.node.demo;

import io.hapair.node.dataplane.HaproxyDataPlane;
import io.hapair.node.dataplane.model.DataPlaneHost;
import io.hapair.node.role.PreferredServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The local demo: a master on one loopback address and a slave on another, each a real child
 * process, behind an {@link IlbSimulator} with Azure's probe semantics, its 8444 rule and its NAT
 * rules. It reports what the balancer and the nodes do, as an operator would watch it.
 */
public final class DemoPair {

    /**
     * @param dir       where the nodes' data directories and logs go
     * @param jar       the hanode jar the children run
     * @param password  the API/UI password of user bal on both nodes
     * @param secret    the pairing secret
     * @param preferred switch to preferred server
     */
    public record Settings(Path dir, Path jar, String password, String secret, PreferredServer preferred,
                           String node1Address, String node2Address, String frontendAddress, String probeSource) {
    }

    // How often the demo asks both nodes for their status to report changes.
    private static final long WATCH_EVERY_MS = 250;
    private static final int HEALTH_CHECK_PORT = 8444;
    private static final int API_PORT = 8443;
    public static final int DNS_PORT = 10053;
    /** The demo's virtual service: http on this port of both nodes, published by the ILB on the frontend. */
    public static final int SERVICE_PORT = 8080;
    public static final List<String> REAL_SERVER_ADDRESSES = List.of("127.0.0.21", "127.0.0.22");
    private static final String SERVICE_NAME = "web";

    private final Settings settings;
    private final Consumer<String> out;
    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Integer> lastAnswer = new ConcurrentHashMap<>();
    private DemoNode node1;
    private DemoNode node2;
    private IlbSimulator ilb;
    private volatile boolean stopping;
    private volatile boolean serviceCreated;
    private io.vertx.ext.web.client.WebClient api;

    public DemoPair(Settings settings, Consumer<String> out) {
        this.settings = settings;
        this.out = out;
    }

    public DemoNode node(int number) {
        return number == 1 ? node1 : node2;
    }

    public IlbSimulator ilb() {
        return ilb;
    }

    public void start() throws Exception {
        node1 = node("node-1", "master", settings.node1Address(), settings.node2Address());
        node2 = node("node-2", "slave", settings.node2Address(), settings.node1Address());
        for (int i = 0; i < REAL_SERVER_ADDRESSES.size(); i++) {
            new DemoRealServer(vertx, "real-" + (i + 1), REAL_SERVER_ADDRESSES.get(i), SERVICE_PORT).start()
                    .await(10, TimeUnit.SECONDS);
        }
        node1.start();
        node2.start();
        ilb = new IlbSimulator(vertx, IlbSettings.forPair(settings.frontendAddress(), settings.probeSource(),
                settings.node1Address(),
                settings.node2Address(), HEALTH_CHECK_PORT, API_PORT, List.of(SERVICE_PORT)));
        ilb.onChange(t -> out.accept("ILB: " + t.describe()));
        ilb.start().await(10, TimeUnit.SECONDS);
        api = io.vertx.ext.web.client.WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
                .setSsl(true).setTrustAll(true).setVerifyHost(false).setConnectTimeout(2_000));
        vertx.setPeriodic(WATCH_EVERY_MS, t -> {
            watch(node1);
            watch(node2);
        });
    }

    private DemoNode node(String name, String mode, String address, String partner) throws IOException {
        Path data = settings.dir().resolve(name);
        Files.createDirectories(data);
        List<String> flags = List.of("--node-name", name, "--ha-mode", mode, "--partner", partner,
                "--primary-address", address, "--data-dir", data.toString(),
                "--switch-to-preferred", settings.preferred().key(),
                // The simulator probes every second: three missed probes mean Unconnected.
                "--unconnected-after", "3s",
                // Only the simulator's probes count as the balancer's, as only 168.63.129.16's do in Azure.
                "--probe-sources", settings.probeSource(),
                // The simulator marks a node down at its first 503, so a short drain is enough.
                "--shutdown-drain", "2s",
                // Port 53 needs root; the demo's GEO DNS answers on a high port instead.
                "--dns-port", Integer.toString(DNS_PORT),
                // Both demo nodes run on this one machine: NTP servers stored in the demo must not become its chrony's.
                "--chrony-sources-file", data.toAbsolutePath().resolve("hanode.sources").toString(),
                // Nor may a route or an address stored in the demo change this machine's network.
                "--host-network", "store-only");
        // Secrets go by environment, where other users cannot read them (unlike the command line).
        Map<String, String> env = Map.of("HANODE_PAIRING_SECRET", settings.secret(),
                "HANODE_ADMIN_PASSWORD", settings.password());
        return new DemoNode(name, address, DemoNode.command(settings.jar(), flags), env,
                settings.dir().resolve(name + ".log"));
    }

    /**
     * Watches a node through its status API, as an operator would: it gives the activity the node's
     * 8444 answers, from the node's own view rather than from one more prober.
     */
    private void watch(DemoNode node) {
        if (stopping) {
            return;
        }
        api.request(HttpMethod.GET, API_PORT, node.address(), "/api/v1/ha/status")
                .basicAuthentication("bal", settings.password()).timeout(1_000).send()
                .map(r -> r.statusCode() != 200 ? r.statusCode()
                        : "active".equals(r.bodyAsJsonObject().getString("activity")) ? 200 : 503)
                .onComplete(ar -> {
                    int answer = ar.succeeded() ? ar.result() : 0;
                    Integer before = lastAnswer.put(node.name(), answer);
                    if (before == null || before != answer) {
                        out.accept(node.name() + " (" + node.address() + "): " + describe(answer));
                    }
                    if (answer == 200 && !serviceCreated) {
                        createService(node);
                    }
                });
    }

    /**
     * Creates the demo's virtual service on the active node (a standby takes no synced writes); the
     * pair's sync brings it to the other node. Both then serve it on their own address.
     */
    private void createService(DemoNode active) {
        serviceCreated = true;
        JsonArray servers = new JsonArray();
        REAL_SERVER_ADDRESSES.forEach(a -> servers.add(new JsonObject().put("address", a).put("port", SERVICE_PORT)));
        JsonObject vs = new JsonObject().put("name", SERVICE_NAME).put("address", settings.frontendAddress())
                .put("port", SERVICE_PORT).put("protocol", "http")
                .put("healthCheck", new JsonObject().put("type", "http").put("path", "/").put("expectedStatus", 200))
                .put("realServers", servers);
        api.request(HttpMethod.PUT, API_PORT, active.address(), "/api/v1/virtual-services/" + SERVICE_NAME)
                .basicAuthentication("bal", settings.password()).timeout(5_000).sendJsonObject(vs)
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                        out.accept("demo: virtual service " + SERVICE_NAME + " (http, port " + SERVICE_PORT
                                + ", real servers " + String.join(", ", REAL_SERVER_ADDRESSES) + ") created on "
                                + active.name() + "; try curl http://" + settings.frontendAddress() + ":"
                                + SERVICE_PORT + "/");
                    } else {
                        serviceCreated = false;
                        out.accept("demo: creating virtual service " + SERVICE_NAME + " on " + active.name()
                                + " failed (" + (ar.succeeded() ? ar.result().statusCode() + " "
                                + ar.result().bodyAsString() : ar.cause().getMessage()) + "); trying again");
                    }
                });
    }

    private static String describe(int code) {
        switch (code) {
            case 200:
                return "ACTIVE (answers 200 on 8444)";
            case 503:
                return "standby (answers 503 on 8444)";
            case 0:
                return "not answering (stopped or starting)";
            default:
                return "API answers " + code;
        }
    }

    /** Asks the active node (as the 8444 answers show it) to hand over, through its API. */
    public String switchover() {
        DemoNode active = lastAnswer.getOrDefault(node1.name(), 0) == 200 ? node1
                : lastAnswer.getOrDefault(node2.name(), 0) == 200 ? node2 : null;
        if (active == null) {
            return "no node answers 200 right now; nothing to switch over";
        }
        try {
            var r = api.request(HttpMethod.POST, API_PORT, active.address(), "/api/v1/ha/switchover")
                    .basicAuthentication("bal", settings.password()).send().await(10, TimeUnit.SECONDS);
            return active.name() + " answered " + r.statusCode() + ": " + r.bodyAsJsonObject().encode();
        } catch (Exception e) {
            return "cannot reach " + active.name() + ": " + e.getMessage();
        }
    }

    /** One line per node from its status API. */
    public List<String> status() {
        return java.util.stream.Stream.of(node1, node2).map(n -> {
            try {
                var s = api.request(HttpMethod.GET, API_PORT, n.address(), "/api/v1/ha/status")
                        .basicAuthentication("bal", settings.password()).send().await(5, TimeUnit.SECONDS)
                        .bodyAsJsonObject();
                var partner = s.getJsonObject("partner", new io.vertx.core.json.JsonObject());
                return n.name() + ": " + s.getString("display") + ", partner " + partner.getString("liveness", "?")
                        + ", probes seen " + s.getLong("probesSeen") + ", errors " + s.getJsonArray("configErrors");
            } catch (Exception e) {
                return n.name() + ": API not reachable (" + (n.running() ? "starting?" : "stopped") + ")";
            }
        }).toList();
    }

    public void stop() throws InterruptedException {
        stopping = true;
        for (DemoNode n : new DemoNode[] {node1, node2}) {
            if (n != null) {
                n.stop();
            }
        }
        for (DemoNode n : new DemoNode[] {node1, node2}) {
            if (n != null) {
                n.stopAndWait(15);
                // A node killed with -9 left its HAProxy serving; nothing will start the node again to stop it.
                HaproxyDataPlane.stopLeftover(settings.dir().resolve(n.name()).resolve(DataPlaneHost.DIRECTORY_IN_DATA_DIR));
            }
        }
        try {
            // Probes first: closing Vert.x closes the probe client under a probe timer that still fires.
            if (ilb != null) {
                ilb.stop().await(10, TimeUnit.SECONDS);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            out.accept("demo: the simulator did not stop within 10 s; exiting anyway");
        }
    }
}
