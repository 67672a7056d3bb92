package io.hapair.node.dataplane;

import io.hapair.node.dataplane.model.HaproxyAlerts;
import io.hapair.node.dataplane.model.Rejection;
import io.hapair.node.dataplane.model.Rendering;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code haproxy -c}: HAProxy's own check of a candidate configuration, with its certificate files, before
 * anything runs it. It catches what the settings rules cannot see (a certificate OpenSSL refuses, a
 * directive this HAProxy lacks); a port another program holds shows only when a listener binds.
 * Blocking: call on a worker thread.
 */
final class HaproxyCheck {

    // A check reads the configuration and every certificate; seconds even for thousands of them.
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private HaproxyCheck() {
    }

    /** What HAProxy refuses in {@code rendering}, on the fields its lines come from; empty when it accepts it. */
    static List<Rejection> check(String executable, HaproxyFiles files, Rendering rendering)
            throws IOException, InterruptedException {
        files.writeCertificates(rendering.certificateFiles());
        Path candidate = files.writeCandidate(rendering.config());
        Path said = Files.createTempFile(candidate.getParent(), "check-", ".out");
        try {
            Process check = new ProcessBuilder(executable, "-c", "-f", candidate.toString())
                    .redirectErrorStream(true).redirectOutput(said.toFile()).start();
            if (!check.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                check.destroyForcibly();
                return List.of(new Rejection(null, "haproxy -c did not finish within " + TIMEOUT.toSeconds() + " s"));
            }
            return check.exitValue() == 0 ? List.of()
                    : HaproxyAlerts.rejections(Files.readString(said, StandardCharsets.UTF_8), rendering);
        } finally {
            Files.deleteIfExists(candidate);
            Files.deleteIfExists(said);
        }
    }
}
