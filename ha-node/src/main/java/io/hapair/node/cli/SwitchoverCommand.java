package io.hapair.node.cli;

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
        try {
            NodeApiClient.Response response = api.expect("POST", "/api/v1/ha/switchover", 202);
            spec.commandLine().getOut().println("switchover started: " + response.bodyAsJsonObject().getString("detail"));
            return 0;
        } catch (ApiClientOptions.Unanswered e) {
            spec.commandLine().getErr().println("hanode switchover: refused: " + e.getMessage());
            return e.exitCode;
        }
    }
}
