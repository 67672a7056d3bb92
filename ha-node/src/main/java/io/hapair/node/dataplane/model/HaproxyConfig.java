package io.hapair.node.dataplane.model;

import io.hapair.node.settings.HealthCheck;
import io.hapair.node.settings.Persistence;
import io.hapair.node.settings.RealServer;
import io.hapair.node.settings.VirtualService;
import io.hapair.node.settings.VsCertificate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders virtual services into HAProxy's configuration: one {@code listen} section per enabled
 * service, bound to the node's own address at the service's port. Pure: the same services give the
 * same text on both nodes (less the own address), so a synced service serves the same everywhere.
 */
public final class HaproxyConfig {

    // HAProxy's usual value: long enough for a real server across a busy network, short enough that a
    // dead one is retried elsewhere (retries, redispatch) before the client gives up.
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    // A connection a real server refuses is tried again, the last time on another server: a server that
    // just died costs no client a failed request while its health check has not yet seen it.
    private static final int CONNECT_RETRIES = 3;
    // Clients remembered per source-ip service (about 50 bytes each, taken only as clients come).
    private static final String STICK_TABLE_SIZE = "1m";
    private static final String INDENT = "    ";

    private final DataPlaneHost host;
    private final Map<String, VsCertificate> certificates;
    private final Lines lines;
    private final List<Rejection> rejections = new ArrayList<>();
    private final Map<String, String> certificateFiles = new TreeMap<>();
    private final Map<String, Origin> fileOrigins = new HashMap<>();
    private final Set<String> services = new HashSet<>();
    private final Map<RealServerRef, ServerSetting> servers = new HashMap<>();
    private final Map<Integer, String> portHolders = new HashMap<>();

    private HaproxyConfig(DataPlaneHost host, Collection<VsCertificate> certificates, int services) {
        this.host = host;
        this.lines = new Lines(services);
        this.certificates = certificates.stream().collect(Collectors.toMap(VsCertificate::name, Function.identity()));
    }

    /** The configuration for {@code services} on {@code host}, with the certificates https services name. */
    public static Rendering render(DataPlaneHost host, Collection<VirtualService> services,
                                   Collection<VsCertificate> certificates) {
        HaproxyConfig config = new HaproxyConfig(host, certificates, services.size());
        config.global();
        // By name, so that the text does not depend on the order the store lists the services in.
        services.stream().filter(VirtualService::enabled).sorted(Comparator.comparing(VirtualService::name))
                .forEach(config::service);
        Lines lines = config.lines;
        return new Rendering(lines.config.toString(), config.certificateFiles, config.rejections, lines.origins,
                config.fileOrigins, config.services, config.servers, HexFormat.of().formatHex(lines.structure.digest()));
    }

    private void global() {
        lines.add("# Rendered by hanode from the virtual services and their certificates; edits are overwritten.");
        lines.add("global");
        // The runtime API: statistics, and real-server state and weight without a reload. No "expose-fd
        // listeners": in master-worker mode the master hands the listeners to each new worker over its own
        // socket pair (-x sockpair@), which is what keeps a reload from refusing connections.
        lines.add(INDENT + "stats socket " + quoted(host.path(DataPlaneHost.STATS_SOCKET)) + " mode 600 level admin");
        // Dumped before each reload and read back by the new worker, so that a real server that is down or
        // drained stays so, instead of getting traffic again until its checks fail anew.
        lines.add(INDENT + "server-state-file " + quoted(host.path(DataPlaneHost.STATE_FILE)));
        lines.add("");
        lines.add("defaults");
        lines.add(INDENT + "timeout connect " + CONNECT_TIMEOUT_SECONDS + "s");
        lines.add(INDENT + "retries " + CONNECT_RETRIES);
        lines.add(INDENT + "option redispatch");
        lines.add(INDENT + "load-server-state-from-file global");
    }

    private void service(VirtualService vs) {
        String name = vs.name();
        services.add(name);
        port(vs);
        lines.add("");
        lines.add("listen " + name, Origin.service(name, "name"));
        lines.add(INDENT + "description published at " + hostPort(vs.address(), vs.port()),
                Origin.service(name, "address"));
        lines.add(INDENT + "mode " + (vs.protocol().http() ? "http" : "tcp"), Origin.service(name, "protocol"));
        lines.add(INDENT + "bind " + hostPort(host.ownAddress(), vs.port()) + tls(vs), Origin.service(name, "port"));
        if (vs.protocol().http()) {
            // Real servers behind an http balancer would otherwise see the balancer's address as the client's.
            lines.add(INDENT + "option forwardfor", Origin.service(name, "protocol"));
        }
        scheduling(vs);
        Origin idle = Origin.service(name, "idleTimeoutSeconds");
        lines.add(INDENT + "timeout client " + vs.idleTimeoutSeconds() + "s", idle);
        lines.add(INDENT + "timeout server " + vs.idleTimeoutSeconds() + "s", idle);
        persistence(vs);
        healthCheck(name, vs.healthCheck());
        for (int i = 0; i < vs.realServers().size(); i++) {
            server(vs, i);
        }
    }

    private void port(VirtualService vs) {
        Origin origin = Origin.service(vs.name(), "port");
        String reserved = host.reservedPorts().get(vs.port());
        if (reserved != null) {
            rejections.add(new Rejection(origin, "port " + vs.port() + " is taken on this node by " + reserved
                    + "; choose another port"));
        }
        // The settings rules refuse this on an edit; edits made on both nodes while apart can still meet.
        String holder = portHolders.putIfAbsent(vs.port(), vs.name());
        if (holder != null) {
            rejections.add(new Rejection(origin, "port " + vs.port() + " is also used by virtual service '" + holder
                    + "'; choose another port for one of them, or disable one"));
        }
    }

    private String tls(VirtualService vs) {
        if (vs.protocol() != VirtualService.Protocol.HTTPS) {
            return "";
        }
        StringBuilder bind = new StringBuilder(" ssl");
        for (int i = 0; i < vs.certificates().size(); i++) {
            String name = vs.certificates().get(i);
            VsCertificate certificate = certificates.get(name);
            if (certificate == null) {
                rejections.add(new Rejection(Origin.service(vs.name(), "certificates[" + i + "]"),
                        "no virtual-service certificate is named '" + name + "'; add it (vs-certificates) or name "
                                + "another"));
            } else {
                bind.append(" crt ").append(quoted(host.path(DataPlaneHost.CERTIFICATES + "/" + file(certificate))));
            }
        }
        return bind.toString();
    }

    /** The certificate's file name, written to the certificate files on first use. */
    private String file(VsCertificate certificate) {
        String pem = withNewline(certificate.certificateChain()) + withNewline(certificate.privateKey());
        String file = certificate.name() + "-" + digest(pem).substring(0, 16) + ".pem";
        certificateFiles.put(file, pem);
        fileOrigins.put(file, Origin.certificate(certificate.name(), "certificateChain"));
        return file;
    }

    private void scheduling(VirtualService vs) {
        Origin origin = Origin.service(vs.name(), "scheduling");
        // HAProxy's roundrobin and leastconn always weigh servers; equal weights make them unweighted.
        switch (vs.scheduling()) {
            case ROUND_ROBIN, WEIGHTED_ROUND_ROBIN -> lines.add(INDENT + "balance roundrobin", origin);
            case LEAST_CONNECTION, WEIGHTED_LEAST_CONNECTION -> lines.add(INDENT + "balance leastconn", origin);
            case SOURCE_IP_HASH -> {
                lines.add(INDENT + "balance source", origin);
                // Consistent: a real server that leaves moves only its own clients, not everyone's.
                lines.add(INDENT + "hash-type consistent", origin);
            }
        }
    }

    private void persistence(VirtualService vs) {
        Persistence persistence = vs.persistence();
        switch (persistence.mode()) {
            case NONE -> {
            }
            case SOURCE_IP -> {
                // ipv6 keys hold IPv4 clients too (as ::ffff:a.b.c.d).
                lines.add(INDENT + "stick-table type ipv6 size " + STICK_TABLE_SIZE + " expire "
                        + persistence.timeoutSeconds() + "s", Origin.service(vs.name(), "persistence.timeoutSeconds"));
                lines.add(INDENT + "stick on src", Origin.service(vs.name(), "persistence.mode"));
            }
            case COOKIE -> {
                String cookie = INDENT + "cookie " + cookieName(vs.name()) + " insert indirect nocache httponly"
                        + (vs.protocol() == VirtualService.Protocol.HTTPS ? " secure" : "");
                if (persistence.timeoutSeconds() == null) {
                    lines.add(cookie, Origin.service(vs.name(), "persistence.mode"));
                } else {
                    lines.add(cookie + " maxidle " + persistence.timeoutSeconds() + "s",
                            Origin.service(vs.name(), "persistence.timeoutSeconds"));
                }
            }
        }
    }

    private void healthCheck(String name, HealthCheck check) {
        if (check.type() == HealthCheck.Type.HTTP) {
            lines.add(INDENT + "option httpchk", Origin.service(name, "healthCheck.type"));
            lines.add(INDENT + "http-check send meth " + check.method() + " uri " + quoted(check.path()),
                    Origin.service(name, "healthCheck.path"));
            lines.add(INDENT + "http-check expect status " + check.expectedStatus(),
                    Origin.service(name, "healthCheck.expectedStatus"));
        }
        lines.add(INDENT + "default-server inter " + check.intervalSeconds() + "s rise " + check.rise() + " fall "
                + check.retries(), Origin.service(name, "healthCheck"));
    }

    private void server(VirtualService vs, int index) {
        RealServer rs = vs.realServers().get(index);
        RealServerRef ref = new RealServerRef(vs.name(), rs.address(), rs.port());
        String server = ServerSetting.serverName(rs.address(), rs.port());
        String line = INDENT + "server " + server + " " + hostPort(rs.address(), rs.port()) + " check"
                + (rs.backup() ? " backup" : "")
                + (vs.persistence().mode() == Persistence.Mode.COOKIE ? " cookie " + digest(server).substring(0, 16)
                : "");
        String runtime = " weight " + rs.weight() + (rs.enabled() ? "" : " disabled");
        lines.add(line + runtime, line, Origin.service(vs.name(), "realServers[" + index + "]"));
        servers.put(ref, new ServerSetting(ref, vs.name(), server, rs.weight(), rs.enabled()));
    }

    /** The persistence cookie's name: one per service, as services on one host share the browser's cookies. */
    static String cookieName(String service) {
        return "hapair_" + service;
    }

    private static String hostPort(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    /** One configuration word, taken literally: strong quotes, and a quote inside as '\''. */
    static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static String withNewline(String pem) {
        return pem.endsWith("\n") ? pem : pem + "\n";
    }

    private static String digest(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The configuration text, a digest of its structure (without what the runtime API changes) and each line's origin. */
    private static final class Lines {
        // A service with one real server is about 260 characters on 10 lines: sized for a little more, so that
        // rendering thousands of services does not copy the text and the origins over and over as they grow.
        private static final int CHARACTERS_PER_SERVICE = 320;
        private static final int LINES_PER_SERVICE = 12;

        private final StringBuilder config;
        private final MessageDigest structure = sha256();
        private final List<Origin> origins;

        Lines(int services) {
            config = new StringBuilder(1_024 + CHARACTERS_PER_SERVICE * services);
            origins = new ArrayList<>(16 + LINES_PER_SERVICE * services);
        }

        void add(String line) {
            add(line, line, null);
        }

        void add(String line, Origin origin) {
            add(line, line, origin);
        }

        void add(String line, String structural, Origin origin) {
            config.append(line).append('\n');
            structure.update(structural.getBytes(StandardCharsets.UTF_8));
            structure.update((byte) '\n');
            origins.add(origin);
        }
    }
}
