package io.hapair.node.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.snmp4j.mp.MPv3;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.OctetString;

class AgentSessionTest {

    @Test
    void messageIdsStayNonNegativeWhateverTheEngineBoots() {
        // Seconds since the epoch, as the agent's boots are, with bit 15 set (as from 2026-12-05 20:46 UTC for 9 h)
        // and clear: SNMP4J's own start would be negative for the first.
        for (int boots : new int[] {1_796_506_066, 1_796_506_066 - 0x8000, 0x7FFF_FFFF, 0xFFFF, 1}) {
            USM usm = new USM(SecurityProtocols.getInstance().addDefaultProtocols(), new OctetString("engine"), boots);
            MPv3 mp = AgentSession.messageProcessing(usm);
            for (int i = 0; i < 3; i++) {
                assertThat(mp.getNextMessageID()).as("boots %d", boots).isNotNegative();
            }
        }
    }
}
