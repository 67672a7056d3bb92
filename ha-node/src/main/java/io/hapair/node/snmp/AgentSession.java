package io.hapair.node.snmp;

import io.hapair.node.settings.SnmpSettings;
import io.hapair.node.snmp.model.HaView;
import io.hapair.node.snmp.model.HapairMib;
import io.hapair.node.snmp.model.Notification;
import io.hapair.node.snmp.model.Responder;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.MessageException;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.MessageProcessingModel;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * One run of the agent for one version of the settings: SNMP4J's message processing (SNMPv2c, SNMPv3 with USM)
 * over two UDP sockets on the node's primary address, the agent's port for requests and an ephemeral one that
 * notifications leave from, so that they still go out while the agent's port is someone else's. Requests are
 * answered on SNMP4J's listening thread from the values of the moment; opened and closed on the agent's worker.
 */
final class AgentSession {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);
    // RFC 3411's SnmpEngineID: the enterprise number with its top bit set, format 4 (text), the node's name. 32473
    // is RFC 5612's documentation number, a placeholder until the project registers its own.
    private static final byte[] ENGINE_ID_PREFIX = {(byte) 0x80, 0x00, 0x7E, (byte) 0xD9, 0x04};
    private static final int ENGINE_ID_MAX = 32;
    private static final int INFORM_TIMEOUT_MILLIS = 5_000;
    private static final int INFORM_RETRIES = 2;

    /** The values the answers are made of, read at each request. */
    interface Values {
        HapairMib.SystemInfo system();

        /** Null until the node has handed over its first snapshot. */
        HaView ha();

        long upMillis();

        long startedAt();
    }

    private final SnmpSettings settings;
    private final Snmp snmp;
    private final DefaultUdpTransportMapping agentSocket;
    private final DefaultUdpTransportMapping notificationSocket;
    private final OctetString engineId;
    private final SnmpAgent.NotificationCounts counts;

    private AgentSession(SnmpSettings settings, Snmp snmp, DefaultUdpTransportMapping agentSocket,
                         DefaultUdpTransportMapping notificationSocket, OctetString engineId,
                         SnmpAgent.NotificationCounts counts) {
        this.settings = settings;
        this.snmp = snmp;
        this.agentSocket = agentSocket;
        this.notificationSocket = notificationSocket;
        this.engineId = engineId;
        this.counts = counts;
    }

    /** Binds the sockets and starts answering; closes what it opened if anything fails. */
    static AgentSession open(SnmpAgent.Identity identity, SnmpSettings settings, Values values,
                             SnmpAgent.NotificationCounts counts) throws IOException {
        InetAddress address = InetAddress.getByName(identity.address());
        OctetString engineId = engineId(identity.nodeName());
        // Engine boots must grow from one run to the next (RFC 3414's replay protection): seconds since the epoch do.
        USM usm = new USM(SecurityProtocols.getInstance().addDefaultProtocols(), engineId,
                (int) Math.min(Integer.MAX_VALUE - 1, System.currentTimeMillis() / 1000));
        for (SnmpSettings.User user : settings.users()) {
            usm.addUser(new OctetString(user.name()), usmUser(user));
        }
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        dispatcher.addMessageProcessingModel(messageProcessing(usm));
        DefaultUdpTransportMapping agentSocket = new DefaultUdpTransportMapping(
                new UdpAddress(address, settings.port()));
        DefaultUdpTransportMapping notificationSocket = null;
        Snmp snmp = new Snmp(dispatcher, agentSocket);
        try {
            notificationSocket = new DefaultUdpTransportMapping(new UdpAddress(address, 0));
            snmp.addTransportMapping(notificationSocket);
            AgentSession session = new AgentSession(settings, snmp, agentSocket, notificationSocket, engineId, counts);
            snmp.addCommandResponder(session.responder(values));
            snmp.listen();
            return session;
        } catch (IOException | RuntimeException e) {
            snmp.close();
            throw e;
        }
    }

    /** The settings this session runs. */
    SnmpSettings settings() {
        return settings;
    }

    /** The agent's socket as {@code udp ADDRESS:PORT}, or null when it no longer listens. */
    String boundLabel() {
        UdpAddress bound = agentSocket.getListenAddress();
        return agentSocket.isListening() && bound != null
                ? label(bound.getInetAddress().getHostAddress(), bound.getPort()) : null;
    }

    /** {@code udp ADDRESS:PORT}, an IPv6 address in brackets: how readings and the log name a socket. */
    static String label(String host, int port) {
        return "udp " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    void close() {
        try {
            snmp.close();
        } catch (IOException e) {
            LOG.debug("snmp: closing the agent's sockets: {}", e.getMessage());
        }
    }

    /** What went wrong opening the agent, and what to do about it. */
    static String explain(String address, int port, Exception e) {
        String where = label(address, port);
        String message = String.valueOf(e.getMessage());
        if (e instanceof BindException && message.contains("Address already in use")) {
            return "cannot listen on " + where + ": the port is taken by another program (an snmpd?); stop it, or "
                    + "give another port in /api/v1/snmp; retrying every " + SnmpAgent.RETRY_EVERY_MILLIS / 1000 + " s";
        }
        if (e instanceof BindException && message.contains("Permission denied")) {
            return "cannot listen on " + where + ": ports below 1024 need CAP_NET_BIND_SERVICE, which the hanode "
                    + "unit grants; run the node from its unit, or give a port from 1024 in /api/v1/snmp";
        }
        if (e instanceof UnknownHostException || e instanceof BindException) {
            return "cannot listen on " + where + ": " + e.getMessage() + "; check primary-address in the node's "
                    + "configuration";
        }
        return "cannot start the agent on " + where + ": " + e;
    }

    /** Sends the notification to every trap target; informs are acknowledged (or not) later, on SNMP4J's thread. */
    void notify(Notification notification, List<VariableBinding> bindings) {
        for (SnmpSettings.TrapTarget target : settings.trapTargets()) {
            String where = label(target.host(), target.port());
            try {
                Target<UdpAddress> to = target(target);
                PDU pdu = target.user() != null ? new ScopedPDU() : new PDU();
                pdu.setType(target.inform() ? PDU.INFORM : PDU.TRAP);
                pdu.addAll(bindings);
                snmp.send(pdu, to, notificationSocket, where, new ResponseListener() {
                    @Override
                    public <A extends Address> void onResponse(ResponseEvent<A> event) {
                        snmp.cancel(event.getRequest(), this);
                        if (event.getResponse() != null) {
                            counts.acknowledged();
                        } else {
                            counts.failed();
                            LOG.warn("snmp: {} to {} was not acknowledged{}", notification, where,
                                    event.getError() == null ? "" : ": " + event.getError().getMessage());
                        }
                    }
                });
                counts.sent();
            } catch (IOException | RuntimeException e) {
                counts.failed();
                LOG.warn("snmp: could not send {} to {}: {}; check the trap target's host", notification, where,
                        e.getMessage());
            }
        }
    }

    private Target<UdpAddress> target(SnmpSettings.TrapTarget target) throws UnknownHostException {
        UdpAddress address = new UdpAddress(InetAddress.getByName(target.host()), target.port());
        Target<UdpAddress> to;
        if (target.user() != null) {
            // A trap's authoritative engine is the sender (this agent); an inform's is the receiver, discovered.
            to = new UserTarget<>(address, new OctetString(target.user()),
                    target.inform() ? new byte[0] : engineId.getValue(), SecurityLevel.AUTH_PRIV);
        } else {
            to = new CommunityTarget<>(address, new OctetString(target.community()));
        }
        to.setVersion(target.user() != null ? SnmpConstants.version3 : SnmpConstants.version2c);
        to.setTimeout(INFORM_TIMEOUT_MILLIS);
        to.setRetries(INFORM_RETRIES);
        return to;
    }

    private CommandResponder responder(Values values) {
        byte[] community = settings.community() == null ? null
                : settings.community().getBytes(StandardCharsets.US_ASCII);
        return new CommandResponder() {
            @Override
            public <A extends Address> void processPdu(CommandResponderEvent<A> event) {
                HaView ha = values.ha();
                if (ha == null || !allowed(event, community)) {
                    return; // as snmpd does for a wrong community: no answer at all
                }
                PDU response = Responder.answer(event.getPDU(), HapairMib.objects(values.system(), ha,
                        values.upMillis(), values.startedAt()));
                if (response == null) {
                    return;
                }
                event.setProcessed(true);
                try {
                    event.getMessageDispatcher().returnResponsePdu(event.getMessageProcessingModel(),
                            event.getSecurityModel(), event.getSecurityName(), event.getSecurityLevel(), response,
                            event.getMaxSizeResponsePDU(), event.getStateReference(), new StatusInformation());
                } catch (MessageException e) {
                    LOG.debug("snmp: could not answer {}: {}", event.getPeerAddress(), e.getMessage());
                }
            }
        };
    }

    /** SNMPv2c with the community; SNMPv3 from a user USM has authenticated and decrypted (authPriv). */
    private static boolean allowed(CommandResponderEvent<?> event, byte[] community) {
        return switch (event.getMessageProcessingModel()) {
            case MessageProcessingModel.MPv2c -> community != null && Arrays.equals(community, event.getSecurityName());
            case MessageProcessingModel.MPv3 -> event.getSecurityLevel() == SecurityLevel.AUTH_PRIV;
            default -> false;
        };
    }

    private static UsmUser usmUser(SnmpSettings.User user) {
        OID auth = switch (user.authProtocol()) {
            case SHA -> AuthSHA.ID;
            case SHA_256 -> AuthHMAC192SHA256.ID;
            case SHA_512 -> AuthHMAC384SHA512.ID;
        };
        return new UsmUser(new OctetString(user.name()), auth, new OctetString(user.authPassphrase()), PrivAES128.ID,
                new OctetString(user.privPassphrase()));
    }

    /**
     * SNMPv3 message processing whose message IDs stay within RFC 3412's 0..2147483647. SNMP4J starts them at the
     * engine boots' low 16 bits shifted into the top half; with boots from the clock, bit 15 is set for 9 hours out of
     * every 18, the IDs are then negative, and receivers such as net-snmp drop every v3 trap and inform ("bad msgID").
     */
    static MPv3 messageProcessing(USM usm) {
        MPv3 mp = new MPv3(usm);
        mp.setCurrentMsgID(MPv3.randomMsgID(usm.getEngineBoots() & 0x7FFF));
        return mp;
    }

    /** The agent's SNMPv3 engine ID: 80007ED904 and the node's name in ASCII, cut at RFC 3411's 32 octets. */
    static OctetString engineId(String nodeName) {
        byte[] name = nodeName.getBytes(StandardCharsets.US_ASCII);
        byte[] id = Arrays.copyOf(ENGINE_ID_PREFIX, Math.min(ENGINE_ID_MAX, ENGINE_ID_PREFIX.length + name.length));
        System.arraycopy(name, 0, id, ENGINE_ID_PREFIX.length, id.length - ENGINE_ID_PREFIX.length);
        return new OctetString(id);
    }
}
