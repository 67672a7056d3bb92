package io.hapair.node.dataplane.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rendered data-plane configuration: HAProxy's configuration text, the certificate files it reads,
 * and what is needed to report HAProxy's complaints on document fields and to change real servers
 * without a reload.
 *
 * @param config the haproxy.cfg text
 * @param certificateFiles file name (in the certificate directory) to PEM content; the names carry a
 *     digest of the content, so writing a candidate's files never changes a file the running
 *     configuration reads
 * @param rejections what made the services impossible to render (a missing certificate, a port the
 *     node uses); a rendering with any is never checked or applied
 * @param lineOrigins the document field each line comes from, line 1 first, null for a line from none (see
 *     {@link #originOfLine}); a list rather than a map by line number: a running configuration of 10,000
 *     services has about 110,000 lines, and a map held two boxed numbers and twice the references for each
 * @param fileOrigins certificate file name to the certificate document it comes from
 * @param services the names of the rendered (enabled) virtual services
 * @param servers every rendered real server
 * @param structureDigest the SHA-256 of the configuration without what the runtime API changes (weights,
 *     enabled flags): two renderings of equal structure and files differ by runtime changes only. A digest, not
 *     the text: the running rendering is kept, and the text is as long as the configuration
 */
public record Rendering(String config, Map<String, String> certificateFiles, List<Rejection> rejections,
                        List<Origin> lineOrigins, Map<String, Origin> fileOrigins,
                        Set<String> services, Map<RealServerRef, ServerSetting> servers, String structureDigest) {

    public Rendering {
        certificateFiles = Map.copyOf(certificateFiles);
        rejections = List.copyOf(rejections);
        lineOrigins = Collections.unmodifiableList(new ArrayList<>(lineOrigins));
        fileOrigins = Map.copyOf(fileOrigins);
        services = Set.copyOf(services);
        servers = Map.copyOf(servers);
    }

    /** The document field line {@code line} (from 1) comes from; empty for a line from none or past the end. */
    public Optional<Origin> originOfLine(int line) {
        return line >= 1 && line <= lineOrigins.size() ? Optional.ofNullable(lineOrigins.get(line - 1))
                : Optional.empty();
    }

    /** Whether the configuration reads certificate files, whose content only HAProxy (OpenSSL) can judge. */
    public boolean usesCertificates() {
        return !certificateFiles.isEmpty();
    }

    /** Whether the services could be rendered; HAProxy may still refuse the result. */
    public boolean rendered() {
        return rejections.isEmpty();
    }

    /**
     * The real servers whose weight or enabled flag differ from {@code running}, when that is all that
     * differs, so the runtime API can apply this rendering without a reload; empty when a reload is
     * needed.
     */
    public Optional<List<ServerSetting>> runtimeChangesFrom(Rendering running) {
        if (!structureDigest.equals(running.structureDigest) || !certificateFiles.equals(running.certificateFiles)) {
            return Optional.empty();
        }
        List<ServerSetting> changed = new ArrayList<>();
        for (ServerSetting next : servers.values()) {
            if (!next.equals(running.servers.get(next.ref()))) {
                changed.add(next);
            }
        }
        return Optional.of(changed);
    }
}
