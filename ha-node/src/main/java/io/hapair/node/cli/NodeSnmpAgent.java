package io.hapair.node.cli;

import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.SnmpSettings;

import java.io.PrintWriter;
import java.util.OptionalInt;

/**
 * For {@code cloud plan | apply | diagnose --from-node URL}: the UDP port the node's SNMP agent answers on
 * ({@code GET /api/v1/snmp}), which diagnose checks the topology lets the managers reach. SNMP settings sync between
 * the nodes, so one node tells. Not set (404) or not enabled: no agent.
 */
final class NodeSnmpAgent {

    static final String PATH = "/api/v1/snmp";

    private NodeSnmpAgent() {
    }

    /** Asks the node; one line on {@code out} says whether its agent is on. Throws with the flag and the fix when it cannot. */
    static OptionalInt read(String url, NodeApiFlags api, PrintWriter out) throws ApiClientOptions.Unanswered {
        NodeApiClient.Response response = NodeVirtualServices.ask(url, api, PATH);
        OptionalInt port;
        if (response.statusCode() == 404) {
            port = OptionalInt.empty();
        } else if (response.statusCode() == 200) {
            port = agentPort(url, response);
        } else {
            throw NodeVirtualServices.unexpected(url, PATH, response);
        }
        out.println(url + ": " + (port.isPresent() ? "SNMP agent on UDP " + port.getAsInt() : "no SNMP agent"));
        out.flush();
        return port;
    }

    private static OptionalInt agentPort(String url, NodeApiClient.Response response) throws ApiClientOptions.Unanswered {
        SnmpSettings snmp = SettingsCodec.readStored(SettingsType.SNMP, response.body());
        if (snmp == null) {
            throw new ApiClientOptions.Unanswered(CloudCommand.FAILED, "--from-node " + url + ": GET " + PATH
                    + " did not answer with the SNMP settings; check that the URL is a node's API");
        }
        return snmp.agentPort();
    }
}
