package io.hapair.cloud.azure;

import io.hapair.cloud.adapter.Deadline;
import io.hapair.cloud.topology.InvalidTopologyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The subscription {@code az login} selected, for a command that names none: what
 * {@code az account show --query id -o tsv} prints. Run once, within the command's deadline.
 */
final class AzureCliSubscription {

    private static final String KEY = "azure.subscription";
    private static final String GIVE_IT = "give --subscription ID (azure.subscription in the topology file)";

    private final String az;

    /** @param az the Azure CLI's executable: {@code az} from the PATH, or a path */
    AzureCliSubscription(String az) {
        this.az = az;
    }

    String lookUp(Deadline deadline) {
        Process process;
        try {
            process = new ProcessBuilder(List.of(az, "account", "show", "--query", "id", "-o", "tsv")).start();
        } catch (IOException missing) {
            throw new InvalidTopologyException(KEY, "not given, and the Azure CLI (" + az + ") that would tell it "
                + "cannot be run (" + missing.getMessage() + ")", GIVE_IT + ", or install the Azure CLI and run `az login`");
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw deadline.exceeded("the Azure CLI (" + az + " account show)", null);
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0 || out.isEmpty()) {
                throw new InvalidTopologyException(KEY, "not given, and `" + az + " account show` found no signed-in "
                    + "subscription (" + (err.isEmpty() ? "exit " + process.exitValue() : err.lines().findFirst()
                    .orElse("")) + ")", "run `az login` (and `az account set --subscription ID` to pick one), or "
                    + GIVE_IT);
            }
            return out;
        } catch (IOException unreadable) {
            throw new InvalidTopologyException(KEY, "not given, and the Azure CLI's answer could not be read ("
                + unreadable.getMessage() + ")", GIVE_IT);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw deadline.exceeded("the Azure CLI (" + az + " account show)", interrupted);
        }
    }
}
