package io.hapair.tests.witness;

import static org.awaitility.Awaitility.await;

import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real single-member etcd (Debian's etcd-server) as the pair's witness, on a loopback address of
 * the test class's subnet; frozen with SIGSTOP to play a witness the nodes cannot reach.
 */
final class EtcdProcess implements AutoCloseable {

    private static final int CLIENT_PORT = 2379;
    private static final int PEER_PORT = 2380;

    private final Process process;
    private final URI clientUrl;

    private EtcdProcess(Process process, URI clientUrl) {
        this.process = process;
        this.clientUrl = clientUrl;
    }

    static EtcdProcess start(String address, Path workDir) throws IOException {
        String clientUrl = "http://" + address + ":" + CLIENT_PORT;
        String peerUrl = "http://" + address + ":" + PEER_PORT;
        Process p = new ProcessBuilder("/usr/bin/etcd", "--name", "witness", "--data-dir",
                workDir.resolve("etcd-data").toString(), "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl, "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl, "--initial-cluster", "witness=" + peerUrl)
                .redirectErrorStream(true).redirectOutput(workDir.resolve("etcd.log").toFile()).start();
        EtcdProcess etcd = new EtcdProcess(p, URI.create(clientUrl));
        HttpClient http = HttpClient.newHttpClient();
        await("etcd at " + clientUrl + " healthy").atMost(Patience.START).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("\"true\""));
        return etcd;
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
