package io.hapair.node.snmp.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.role.PartnerLiveness;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.VariableBinding;

class NotificationTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(nullValues = "NONE", textBlock = """
        ALIVE,   DEAD,    PARTNER_LOST
        SUSPECT, DEAD,    PARTNER_LOST
        DEAD,    ALIVE,   PARTNER_RETURNED
        DEAD,    SUSPECT, PARTNER_RETURNED
        UNKNOWN, DEAD,    NONE
        UNKNOWN, ALIVE,   NONE
        ALIVE,   SUSPECT, NONE
        SUSPECT, ALIVE,   NONE
        DEAD,    DEAD,    NONE
        """)
    void aPartnerIsLostWhenHeardTurnsDeadAndReturnsWhenDeadIsHeardAgain(PartnerLiveness before, PartnerLiveness now,
                                                                        Notification expected) {
        assertThat(Notification.partnerChange(before, now)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void aNotificationStartsWithUptimeAndItsOidThenCarriesItsObjects() {
        HaView slave = new HaView("slave", "slave", true, "master", PartnerLiveness.DEAD, "in sync", "partner-dead",
                5_000);

        assertThat(Notification.PARTNER_LOST.bindings(slave, 12_345, 1_000)).containsExactly(
                new VariableBinding(SnmpConstants.sysUpTime, new TimeTicks(1234)),
                new VariableBinding(SnmpConstants.snmpTrapOID, new OID("1.3.6.1.4.1.32473.0.2")),
                new VariableBinding(HapairMib.NODE_NAME, new OctetString("slave")),
                new VariableBinding(HapairMib.ACTIVITY, new Integer32(1)),
                new VariableBinding(HapairMib.PARTNER_NAME, new OctetString("master")),
                new VariableBinding(HapairMib.PARTNER_LIVENESS, new Integer32(4)));
        assertThat(Notification.ROLE_TRANSITION.bindings(slave, 0, 1_000)).extracting(VariableBinding::getVariable)
                .contains(new OID("1.3.6.1.4.1.32473.0.1"), new OctetString("partner-dead"));
    }
}
