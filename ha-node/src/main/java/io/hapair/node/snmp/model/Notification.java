package io.hapair.node.snmp.model;

import io.hapair.node.role.PartnerLiveness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.VariableBinding;

/** HAPAIR-MIB's notifications: which one an HA change calls for, and the varbinds it carries. */
public enum Notification {
    /** haRoleTransition: the node turned active or standby. */
    ROLE_TRANSITION(1, List.of(HapairMib.NODE_NAME, HapairMib.ACTIVITY, HapairMib.LAST_TRANSITION_REASON,
            HapairMib.PARTNER_LIVENESS)),
    /** haPartnerLost: the partner was declared dead (no heartbeat for partner-dead-after, or its process gone). */
    PARTNER_LOST(2, List.of(HapairMib.NODE_NAME, HapairMib.ACTIVITY, HapairMib.PARTNER_NAME,
            HapairMib.PARTNER_LIVENESS)),
    /** haPartnerReturned: a partner declared dead is heard again. */
    PARTNER_RETURNED(3, List.of(HapairMib.NODE_NAME, HapairMib.ACTIVITY, HapairMib.PARTNER_NAME,
            HapairMib.PARTNER_LIVENESS));

    private final OID oid;
    private final List<OID> objects;

    Notification(int number, List<OID> objects) {
        this.oid = new OID(HapairMib.NOTIFICATIONS).append(number);
        this.objects = objects;
    }

    public OID oid() {
        return oid;
    }

    /** The notification a change of the partner's liveness calls for: lost when heard turns dead, returned back. */
    public static Optional<Notification> partnerChange(PartnerLiveness before, PartnerLiveness now) {
        if (before == null || now == null) {
            return Optional.empty();
        }
        if (before.heard() && now == PartnerLiveness.DEAD) {
            return Optional.of(PARTNER_LOST);
        }
        return before == PartnerLiveness.DEAD && now.heard() ? Optional.of(PARTNER_RETURNED) : Optional.empty();
    }

    /**
     * The notification's varbinds (RFC 3416 4.2.6): sysUpTime.0 and snmpTrapOID.0 first, then its objects.
     *
     * @param upMillis  how long the agent has been up
     * @param startedAt when the agent started, wall-clock millis
     */
    public List<VariableBinding> bindings(HaView ha, long upMillis, long startedAt) {
        List<VariableBinding> bindings = new ArrayList<>();
        bindings.add(new VariableBinding(SnmpConstants.sysUpTime, HapairMib.ticks(upMillis)));
        bindings.add(new VariableBinding(SnmpConstants.snmpTrapOID, oid));
        var values = HapairMib.ha(ha, startedAt);
        objects.forEach(o -> bindings.add(new VariableBinding(o, values.get(o))));
        return bindings;
    }
}
