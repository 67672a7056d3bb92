package io.hapair.node.witness;

import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-member etcd (Debian's etcd-server) on a loopback address of the test's own, with its
 * data in a temporary directory; stopped with SIGTERM, or frozen with SIGSTOP to play an etcd that
 * no longer answers.
 */
final class EtcdServer implements AutoCloseable {

    private static final String ETCD = "/usr/bin/etcd";

    private final Process process;
    private final URI clientUrl;

    private EtcdServer(Process process, URI clientUrl) {
        this.process = process;
        this.clientUrl = clientUrl;
    }

    /** {@code extra}: more etcd flags, e.g. {@code --auth-token-ttl 1}. */
    static EtcdServer start(String address, Path dataDir, String... extra) throws IOException {
        int client = TestPorts.free(address);
        int peer = TestPorts.free(address);
        String clientUrl = "http://" + address + ":" + client;
        String peerUrl = "http://" + address + ":" + peer;
        List<String> command = new ArrayList<>(List.of(ETCD, "--name", "witness", "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "witness=" + peerUrl));
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile())
                .start();
        EtcdServer etcd = new EtcdServer(p, URI.create(clientUrl));
        HttpClient http = HttpClient.newHttpClient();
        await("etcd at " + clientUrl + " healthy").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("\"true\""));
        return etcd;
    }

    /** Sends one request to etcd's JSON gateway and returns its answer's body. */
    String post(String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(clientUrl.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    URI clientUrl() {
        return clientUrl;
    }

    void freeze() throws Exception {
        signal("STOP");
    }

    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() throws Exception {
        thaw();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
