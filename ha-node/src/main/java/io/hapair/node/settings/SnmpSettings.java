package io.hapair.node.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.OptionalInt;

/**
 * The SNMP agent (read only) and the notifications it sends: the agent answers the standard system group and
 * HAPAIR-MIB on the node's primary address, to SNMPv2c with the community and to SNMPv3 with the users
 * (authentication and privacy both), and sends a notification to every trap target on each role transition and
 * when the partner is lost or returns.
 *
 * @param enabled     whether the agent answers and sends notifications at all
 * @param port        the UDP port the agent answers on; 161 by default
 * @param community   the SNMPv2c read community; the agent answers no v2c request without one
 * @param users       the SNMPv3 users (USM) the agent answers
 * @param location    the sysLocation the agent reports
 * @param contact     the sysContact the agent reports
 * @param trapTargets where the notifications go
 */
public record SnmpSettings(Boolean enabled, Integer port, String community, List<User> users, String location,
                           String contact, List<TrapTarget> trapTargets) {

    public static final int DEFAULT_PORT = 161;
    public static final int DEFAULT_TRAP_PORT = 162;

    public SnmpSettings {
        // Off: an agent answers to anyone who knows the community, so it starts only when an operator chose one.
        enabled = enabled == null ? Boolean.FALSE : enabled;
        port = port == null ? DEFAULT_PORT : port;
        users = users == null ? List.of() : List.copyOf(users);
        trapTargets = trapTargets == null ? List.of() : List.copyOf(trapTargets);
    }

    /** The UDP port the agent answers on; empty while these settings ask for no agent. */
    public OptionalInt agentPort() {
        return enabled ? OptionalInt.of(port) : OptionalInt.empty();
    }

    /** The v3 user the notification to a target goes as, or null for a v2c target (or a name not in users). */
    public User user(TrapTarget target) {
        return target.user() == null ? null
                : users.stream().filter(u -> target.user().equals(u.name())).findFirst().orElse(null);
    }

    /**
     * An SNMPv3 user (USM) at security level authPriv: privacy is AES-128 (RFC 3826), the cipher every SNMP manager
     * speaks. Both passphrases are secrets: the API shows them as a placeholder and keeps them when it is sent back.
     *
     * @param name           the user name, as the manager sends it
     * @param authProtocol   sha (HMAC-SHA-96), sha-256 or sha-512 (RFC 7860); sha-256 by default
     * @param authPassphrase the authentication passphrase, 8 to 64 characters
     * @param privPassphrase the privacy (AES) passphrase, 8 to 64 characters
     */
    public record User(String name, AuthProtocol authProtocol, String authPassphrase, String privPassphrase) {

        public User {
            authProtocol = authProtocol == null ? AuthProtocol.SHA_256 : authProtocol;
        }
    }

    /** USM's authentication protocols that net-snmp and SNMP4J both offer. */
    public enum AuthProtocol {
        @JsonProperty("sha") SHA,
        @JsonProperty("sha-256") SHA_256,
        @JsonProperty("sha-512") SHA_512
    }

    /**
     * A receiver of the agent's notifications.
     *
     * @param host      its address or DNS name (names resolve when a notification is sent)
     * @param port      its UDP port; 162 by default
     * @param community the SNMPv2c community the notifications carry; give this or user
     * @param user      the name of one of the v3 users, whose keys the notifications are sent with; give this or
     *                  community
     * @param inform    whether to send informs (acknowledged, sent again until they are) rather than traps
     */
    public record TrapTarget(String host, Integer port, String community, String user, Boolean inform) {

        public TrapTarget {
            host = RemoteHost.canonical(host);
            port = port == null ? DEFAULT_TRAP_PORT : port;
            inform = inform == null ? Boolean.FALSE : inform;
        }
    }
}
