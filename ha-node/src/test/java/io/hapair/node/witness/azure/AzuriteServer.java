package io.hapair.node.witness.azure;

import static org.awaitility.Awaitility.await;

import io.hapair.node.TestPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real Azurite blob service (the npm package azurite) on a loopback address of the test's own. */
final class AzuriteServer implements AutoCloseable {

    /** Azurite's well-known development account, the same in every installation. */
    static final String ACCOUNT = "devstoreaccount1";
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final URI blobUrl;

    private AzuriteServer(Process process, URI blobUrl) {
        this.process = process;
        this.blobUrl = blobUrl;
    }

    static AzuriteServer start(String address, Path dataDir) throws IOException {
        int port = TestPorts.free(address);
        // --skipApiVersionCheck: the SDK may speak a newer service version than this Azurite knows; leases are old.
        // --disableTelemetry: Azurite otherwise sends usage data to Application Insights, off the machine.
        Process p = new ProcessBuilder("azurite-blob", "--blobHost", address, "--blobPort", Integer.toString(port),
                "--location", dataDir.toString(), "--skipApiVersionCheck", "--disableTelemetry")
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile())
                .start();
        AzuriteServer azurite = new AzuriteServer(p, URI.create("http://" + address + ":" + port + "/" + ACCOUNT));
        HttpClient http = HttpClient.newHttpClient();
        // Any HTTP answer (403: unsigned) means it listens.
        await("Azurite at " + azurite.blobUrl + " listening").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(azurite.blobUrl).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() > 0);
        return azurite;
    }

    URI blobUrl() {
        return blobUrl;
    }

    String connectionString(String key) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + key + ";BlobEndpoint="
                + blobUrl + ";";
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
