package io.hapair.node.cli;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hanode switchover}: ask a node to hand over (if active) or take over (if standby). */
@Command(name = "switchover", mixinStandardHelpOptions = true,
        description = {"Planned switchover: the active node hands over, or the standby takes over.",
                "The handover overlaps: the new active node answers 200 before the old one answers 503."})
final class SwitchoverCommand implements Callable<Integer> {

    @Mixin
    ApiClientOptions api;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HttpResponse<Buffer> response;
        try {
            response = api.call(HttpMethod.POST, "/api/v1/ha/switchover");
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("hanode switchover: " + e.getMessage());
            return HaNodeCommand.EXIT_BAD_INPUT;
        } catch (Exception e) {
            spec.commandLine().getErr().println("hanode switchover: cannot reach " + api.url + ": " + e.getMessage());
            return 1;
        }
        if (response.statusCode() == 202) {
            spec.commandLine().getOut().println("switchover started: " + response.bodyAsJsonObject().getString("detail"));
            return 0;
        }
        String error = response.statusCode() == 409 ? response.bodyAsJsonObject().getString("error")
                : "HTTP " + response.statusCode() + (response.statusCode() == 401 ? " (wrong password?)" : "");
        spec.commandLine().getErr().println("hanode switchover: refused: " + error);
        return 1;
    }
}
