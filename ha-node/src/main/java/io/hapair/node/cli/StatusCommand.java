package io.hapair.node.cli;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hanode status}: a node's HA status, from its API. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a node's HA status (from its API).")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ApiClientOptions api;

    @Option(names = "--json", description = "Print the raw JSON")
    boolean raw;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NodeApiClient.Response response;
        try {
            response = api.expect("GET", "/api/v1/ha/status", 200);
        } catch (ApiClientOptions.Unanswered e) {
            spec.commandLine().getErr().println("hanode status: " + e.getMessage());
            return e.exitCode;
        }
        JsonObject s = response.bodyAsJsonObject();
        var out = spec.commandLine().getOut();
        if (raw) {
            out.println(s.encodePrettily());
            return 0;
        }
        // print() does not flush an autoflush PrintWriter (only println/printf do): without it the text is lost.
        out.print(render(s));
        out.flush();
        return 0;
    }

    /** The status document as the command prints it; a value the API reports as null (never) reads "-". */
    static String render(JsonObject s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s: %s%n", s.getString("node"), s.getString("display")));
        out.append(String.format("  activity %s, healthy %s, software %s%n", s.getString("activity"),
                s.getBoolean("healthy"), s.getString("softwareVersion")));
        health(s.getJsonObject("health"), out);
        JsonObject probe = s.getJsonObject("lastProbe");
        out.append(String.format("  probes seen %d, last from %s%n", s.getLong("probesSeen"),
                Objects.requireNonNullElse(probe.getString("source"), "-")));
        JsonObject partner = s.getJsonObject("partner");
        if (partner != null) {
            out.append(String.format("  partner %s (%s): %s, %s%n", partner.getString("name", "?"),
                    partner.getString("address"), partner.getString("liveness"), partner.getString("activity", "unknown")));
        }
        pairing(s.getJsonObject("pairing"), out);
        balancer(s.getJsonObject("balancer"), out);
        s.getJsonArray("configErrors").forEach(e -> out.append("  CONFIGURATION ERROR: ").append(e).append('\n'));
        s.getJsonArray("warnings").forEach(w -> out.append("  warning: ").append(w).append('\n'));
        return out.toString();
    }

    /** The health level, and each input that is not normal with its value and why (an older node sends none). */
    private static void health(JsonObject health, StringBuilder out) {
        if (health == null) {
            return;
        }
        out.append(String.format("  health %s%n", health.getString("level")));
        health.getJsonArray("inputs").stream().map(JsonObject.class::cast)
                .filter(i -> !"normal".equals(i.getString("level")))
                .forEach(i -> out.append(String.format("    %s %s: %s; %s%n", i.getString("level"), i.getString("name"),
                        i.getString("value"), i.getString("why"))));
    }

    /** Trusted pairing: both fingerprints, to compare across the nodes, and a refused certificate with why. */
    private static void pairing(JsonObject pairing, StringBuilder out) {
        if (pairing == null) {
            return;
        }
        out.append(String.format("  certificate %s%n", pairing.getString("ownFingerprint")));
        String trusted = switch (pairing.getString("trust", "")) {
            case "configured" -> String.join(", ", pairing.getJsonArray("configured").stream().map(String::valueOf)
                    .toList()) + " (partner-fingerprint)";
            case "pinned" -> pairing.getString("pinned") + " (" + pairing.getString("source") + ")";
            default -> "none yet (pinned on first contact)";
        };
        out.append(String.format("  partner certificate %s%n", trusted));
        if (pairing.getString("warning") != null) {
            out.append("  warning: ").append(pairing.getString("warning")).append('\n');
        }
        if (pairing.getString("refusedFingerprint") != null) {
            out.append("  REFUSED partner certificate: ").append(pairing.getString("refusal")).append('\n');
        }
    }

    /** The balancer self-check: a line when it is on, and each finding with its fix (what to do is the point). */
    private static void balancer(JsonObject check, StringBuilder out) {
        if (check == null || !check.getBoolean("enabled", false)) {
            return;
        }
        out.append(String.format("  balancer check: %s%s%n", check.getString("outcome"),
                check.getString("message") == null ? "" : " (" + check.getString("message") + ")"));
        check.getJsonArray("findings").stream().map(JsonObject.class::cast).forEach(f -> out.append(String.format(
                "    %s %s: %s; fix: %s%n", f.getString("severity"), f.getString("subject"), f.getString("problem"),
                f.getString("fix"))));
    }
}
