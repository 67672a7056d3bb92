package io.hapair.node.settings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What makes a virtual service valid, alone and among the others. */
final class VirtualServiceRules implements DocumentRules<VirtualService> {

    // A day: longer idle or persistence times only hold memory for clients that are gone.
    static final int MAX_TIMEOUT_SECONDS = 86_400;
    // Absolute, printable, no spaces: what fits in a request line as it is.
    static final Pattern HTTP_PATH = Pattern.compile("/[\\x21-\\x7e]{0,1023}");

    @Override
    public void check(VirtualService vs, Findings findings) {
        if (findings.required("name", vs.name(), "a name such as web-443")) {
            findings.name("name", vs.name());
        }
        findings.required("address", vs.address(), Findings.ADDRESS_HINT);
        findings.address("address", vs.address());
        findings.required("port", vs.port(), "a port from 1 to 65535");
        findings.port("port", vs.port());
        findings.required("protocol", vs.protocol(), "one of " + JsonShape.choices(VirtualService.Protocol.class));
        certificates(vs, findings);
        findings.range("idleTimeoutSeconds", vs.idleTimeoutSeconds(), 1, MAX_TIMEOUT_SECONDS);
        persistence(vs.persistence(), vs.protocol(), findings.at("persistence"));
        healthCheck(vs.healthCheck(), findings.at("healthCheck"));
        realServers(vs.realServers(), findings);
        if (vs.enabled() && vs.realServers().stream().noneMatch(RealServer::enabled)) {
            findings.warn("virtual service '" + vs.name() + "' is enabled but has no enabled real server, so it "
                    + "refuses every connection; add or enable a real server, or disable the service");
        }
    }

    /**
     * Two services cannot listen on one port: every service listens on the node's own address, so their
     * published addresses do not tell them apart (and every protocol is TCP underneath).
     */
    @Override
    public List<Claim> claims(VirtualService vs) {
        if (vs.port() == null) {
            return List.of();
        }
        String listener = "port " + vs.port();
        return List.of(new Claim(listener, "port", other -> listener + " is already used by virtual service '" + other
                + "' (every service listens on the node's own address, whatever its published address); "
                + "choose another port, or change that service"));
    }

    private static void certificates(VirtualService vs, Findings findings) {
        if (vs.protocol() != VirtualService.Protocol.HTTPS) {
            if (!vs.certificates().isEmpty()) {
                findings.error("certificates", "only https services present certificates; remove them, or set "
                        + "protocol to https");
            }
            return;
        }
        if (vs.certificates().isEmpty()) {
            findings.error("certificates", "required for https: give the names of virtual-service certificates "
                    + "(vs-certificates), the default first");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < vs.certificates().size(); i++) {
            String field = "certificates[" + i + "]";
            String name = vs.certificates().get(i);
            findings.name(field, name);
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                findings.error(field, "certificates[" + first + "] names '" + name + "' already; remove one of them");
            }
        }
    }

    private static void persistence(Persistence persistence, VirtualService.Protocol protocol, Findings findings) {
        switch (persistence.mode()) {
            case SOURCE_IP -> {
                findings.required("timeoutSeconds", persistence.timeoutSeconds(),
                        "how long a client is remembered, in seconds from 1 to " + MAX_TIMEOUT_SECONDS);
                findings.range("timeoutSeconds", persistence.timeoutSeconds(), 1, MAX_TIMEOUT_SECONDS);
            }
            case COOKIE -> {
                if (protocol != null && !protocol.http()) {
                    findings.error("mode", "cookie persistence needs http or https (a cookie travels in HTTP "
                            + "headers); use source-ip for tcp, or set protocol to http or https");
                }
                findings.range("timeoutSeconds", persistence.timeoutSeconds(), 1, MAX_TIMEOUT_SECONDS);
            }
            case NONE -> {
                if (persistence.timeoutSeconds() != null) {
                    findings.error("timeoutSeconds", "no persistence has no timeout; remove it, or set mode to "
                            + "source-ip or cookie");
                }
            }
        }
    }

    private static void healthCheck(HealthCheck check, Findings findings) {
        findings.range("intervalSeconds", check.intervalSeconds(), 1, 3600);
        findings.range("retries", check.retries(), 1, 10);
        findings.range("rise", check.rise(), 1, 10);
        if (check.type() == HealthCheck.Type.HTTP) {
            if (!HTTP_PATH.matcher(check.path()).matches()) {
                findings.error("path", "give an absolute path such as /health: '/' then up to 1023 printable "
                        + "characters, no spaces");
            }
            findings.range("expectedStatus", check.expectedStatus(), 100, 599);
            return;
        }
        httpOnly("method", check.method(), findings);
        httpOnly("path", check.path(), findings);
        httpOnly("expectedStatus", check.expectedStatus(), findings);
    }

    private static void httpOnly(String field, Object value, Findings findings) {
        if (value != null) {
            findings.error(field, "only http health checks have one; remove it, or set type to http");
        }
    }

    private static void realServers(List<RealServer> servers, Findings findings) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            RealServer server = servers.get(i);
            Findings at = findings.at("realServers", i);
            at.required("address", server.address(), Findings.ADDRESS_HINT);
            at.address("address", server.address());
            at.required("port", server.port(), "a port from 1 to 65535");
            at.port("port", server.port());
            at.range("weight", server.weight(), 0, RealServer.MAX_WEIGHT);
            Integer first = seen.putIfAbsent(server.address() + " " + server.port(), i);
            if (first != null && server.address() != null && server.port() != null) {
                at.error("port", "realServers[" + first + "] has the same address and port; remove one of them");
            }
        }
    }
}
