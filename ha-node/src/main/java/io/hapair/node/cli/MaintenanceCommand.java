package io.hapair.node.cli;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hanode maintenance on|off|status}: take a node out of service and back, or ask whether it is out. */
@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = {"Maintenance mode of one node: on (the active node hands over first, then the node answers 503"
                + " and never takes over, also after a restart), off (the usual rules decide again), status.",
                "On is refused when no healthy partner would take over, unless --force."})
final class MaintenanceCommand implements Callable<Integer> {

    /** What to do. */
    enum Action { on, off, status }

    @Parameters(index = "0", paramLabel = "on|off|status", description = "Enter, leave, or show maintenance")
    Action action;

    @Option(names = "--force", description = "With on: enter even when no healthy partner would take over (the pair"
            + " then stops serving)")
    boolean force;

    @Mixin
    ApiClientOptions api;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try {
            if (action == Action.status) {
                out.println(describe(api.expect("GET", "/api/v1/maintenance", 200).bodyAsJsonObject()));
                return 0;
            }
            String body = new JsonObject().put("enabled", action == Action.on).put("force", force).encode();
            JsonObject answer = api.expect("PUT", "/api/v1/maintenance", body, 200).bodyAsJsonObject();
            out.println(answer.getString("detail"));
            return 0;
        } catch (ApiClientOptions.Unanswered e) {
            spec.commandLine().getErr().println("hanode maintenance: " + (action == Action.status ? "" : "refused: ")
                    + e.getMessage());
            return e.exitCode;
        }
    }

    /** The state as the command prints it. */
    static String describe(JsonObject state) {
        if (!state.getBoolean("enabled")) {
            return "not in maintenance";
        }
        Long since = state.getLong("since");
        return "in maintenance since " + (since == null ? "-" : Instant.ofEpochMilli(since)) + " (by "
                + state.getString("by") + ")";
    }
}
