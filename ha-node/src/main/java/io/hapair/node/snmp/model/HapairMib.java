package io.hapair.node.snmp.model;

import io.hapair.node.role.PartnerLiveness;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;

/**
 * The objects the agent serves: SNMPv2-MIB's system group and HAPAIR-MIB's HA group (src/main/resources/mib/
 * HAPAIR-MIB.txt, whose numbers these are), each at its instance OID, in OID order.
 *
 * <p>The enterprise number 32473 is RFC 5612's documentation number, a placeholder until the project registers a
 * Private Enterprise Number with IANA.
 */
public final class HapairMib {

    /** enterprises.32473: hapairMIB. */
    public static final OID ROOT = new OID("1.3.6.1.4.1.32473");
    /** hapairNotifications: hapairMIB.0. */
    static final OID NOTIFICATIONS = new OID(ROOT).append(0);
    /** hapairNodeAgent (the sysObjectID): hapairMIB.3.1. */
    public static final OID NODE_AGENT = new OID(ROOT).append(3).append(1);
    private static final OID HA = new OID(ROOT).append(1).append(1);
    public static final OID NODE_NAME = scalar(1);
    public static final OID MODE = scalar(2);
    public static final OID ACTIVITY = scalar(3);
    public static final OID PARTNER_NAME = scalar(4);
    public static final OID PARTNER_LIVENESS = scalar(5);
    public static final OID SYNC_STATE = scalar(6);
    public static final OID LAST_TRANSITION_REASON = scalar(7);
    public static final OID LAST_TRANSITION_TIME = scalar(8);
    // sysServices: the agent's host is a layer-4 (end-to-end, 8) and layer-7 (applications, 64) balancer.
    static final int SERVICES = 8 + 64;

    private static final Map<String, Integer> MODES = Map.of("master", 1, "slave", 2, "none", 3);
    private static final Map<String, Integer> SYNC = Map.of("in sync", 1, "pending", 2, "conflicts", 3, "refused", 4);
    private static final int SYNC_OFF = 5;
    private static final int NO_PARTNER = 5;

    /**
     * What the system group says of the node.
     *
     * @param descr    sysDescr: the software and its version
     * @param name     sysName: the node's name
     * @param contact  sysContact, empty when none is set
     * @param location sysLocation, empty when none is set
     */
    public record SystemInfo(String descr, String name, String contact, String location) {
    }

    private HapairMib() {
    }

    private static OID scalar(int n) {
        return new OID(HA).append(n).append(0);
    }

    /**
     * Every object with its value now.
     *
     * @param upMillis  how long the agent has been up (sysUpTime)
     * @param startedAt when the agent started, wall-clock millis: a transition's TimeStamp counts from there
     */
    public static SortedMap<OID, Variable> objects(SystemInfo system, HaView ha, long upMillis, long startedAt) {
        SortedMap<OID, Variable> objects = new TreeMap<>();
        objects.put(SnmpConstants.sysDescr, new OctetString(system.descr()));
        objects.put(SnmpConstants.sysObjectID, NODE_AGENT);
        objects.put(SnmpConstants.sysUpTime, ticks(upMillis));
        objects.put(SnmpConstants.sysContact, text(system.contact()));
        objects.put(SnmpConstants.sysName, new OctetString(system.name()));
        objects.put(SnmpConstants.sysLocation, text(system.location()));
        objects.put(SnmpConstants.sysServices, new Integer32(SERVICES));
        objects.putAll(ha(ha, startedAt));
        return objects;
    }

    /** The HA group alone, as notifications carry it. */
    static SortedMap<OID, Variable> ha(HaView ha, long startedAt) {
        SortedMap<OID, Variable> objects = new TreeMap<>();
        objects.put(NODE_NAME, new OctetString(ha.nodeName()));
        objects.put(MODE, new Integer32(MODES.getOrDefault(ha.mode(), MODES.get("none"))));
        objects.put(ACTIVITY, new Integer32(ha.active() ? 1 : 2));
        objects.put(PARTNER_NAME, text(ha.partnerName()));
        objects.put(PARTNER_LIVENESS, new Integer32(liveness(ha.partner())));
        objects.put(SYNC_STATE, new Integer32(ha.sync() == null ? SYNC_OFF : SYNC.getOrDefault(ha.sync(), SYNC_OFF)));
        objects.put(LAST_TRANSITION_REASON, text(ha.lastReason()));
        // TimeStamp (SNMPv2-TC): sysUpTime when it happened, 0 when that was before the agent started.
        objects.put(LAST_TRANSITION_TIME, ticks(ha.lastTransitionAt() < startedAt ? 0
                : ha.lastTransitionAt() - startedAt));
        return objects;
    }

    private static int liveness(PartnerLiveness liveness) {
        return liveness == null ? NO_PARTNER : switch (liveness) {
            case UNKNOWN -> 1;
            case ALIVE -> 2;
            case SUSPECT -> 3;
            case DEAD -> 4;
        };
    }

    /** TimeTicks count hundredths of a second, and wrap after 2^32 of them (497 days) as sysUpTime does. */
    static TimeTicks ticks(long millis) {
        return new TimeTicks((millis / 10) & 0xFFFF_FFFFL);
    }

    private static OctetString text(String s) {
        return new OctetString(s == null ? "" : s);
    }
}
