package io.hapair.node.snmp.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.role.PartnerLiveness;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

class ResponderTest {

    private static final long STARTED_AT = 1_000_000L;
    private static final HaView MASTER = new HaView("master", "master", true, "slave", PartnerLiveness.ALIVE,
            "in sync", "operator-switchover", STARTED_AT + 12_340);
    private static final SortedMap<OID, Variable> OBJECTS = HapairMib.objects(
            new HapairMib.SystemInfo("ha-pair node 1.0 (hanode)", "master", "ops@example.com", null), MASTER,
            60_000, STARTED_AT);

    private static PDU request(int type, OID... oids) {
        PDU pdu = new PDU();
        pdu.setType(type);
        pdu.setRequestID(new Integer32(42));
        for (OID oid : oids) {
            pdu.add(new VariableBinding(oid));
        }
        return pdu;
    }

    @Test
    void getAnswersTheSystemGroupAndTheHaGroupInTheirMibTypes() {
        PDU answer = Responder.answer(request(PDU.GET, SnmpConstants.sysDescr, SnmpConstants.sysObjectID,
                SnmpConstants.sysUpTime, SnmpConstants.sysLocation, SnmpConstants.sysServices, HapairMib.ACTIVITY,
                HapairMib.PARTNER_LIVENESS, HapairMib.SYNC_STATE, HapairMib.LAST_TRANSITION_REASON,
                HapairMib.LAST_TRANSITION_TIME, HapairMib.MODE), OBJECTS);

        assertThat(answer.getType()).isEqualTo(PDU.RESPONSE);
        assertThat(answer.getRequestID().getValue()).isEqualTo(42);
        assertThat(answer.getErrorStatus()).isZero();
        assertThat(answer.getVariableBindings()).extracting(VariableBinding::getVariable).containsExactly(
                new OctetString("ha-pair node 1.0 (hanode)"), new OID("1.3.6.1.4.1.32473.3.1"), new TimeTicks(6000),
                new OctetString(""), new Integer32(72), new Integer32(1), new Integer32(2), new Integer32(1),
                new OctetString("operator-switchover"), new TimeTicks(1234), new Integer32(1));
    }

    @Test
    void getOfAnUnknownNameSaysNoSuchObjectAndBelowAnObjectNoSuchInstance() {
        PDU answer = Responder.answer(request(PDU.GET, new OID("1.3.6.1.4.1.32473.9.0"),
                new OID(SnmpConstants.sysName).append(1)), OBJECTS);

        assertThat(answer.getVariableBindings()).extracting(VariableBinding::getVariable)
                .containsExactly(Null.noSuchObject, Null.noSuchInstance);
    }

    @Test
    void getNextWalksInOidOrderFromTheSystemGroupIntoTheHaGroupToTheEnd() {
        PDU first = Responder.answer(request(PDU.GETNEXT, new OID("1.3.6.1.2.1.1")), OBJECTS);
        PDU afterSystem = Responder.answer(request(PDU.GETNEXT, SnmpConstants.sysServices), OBJECTS);
        PDU end = Responder.answer(request(PDU.GETNEXT, HapairMib.LAST_TRANSITION_TIME), OBJECTS);

        assertThat(first.get(0).getOid()).isEqualTo(SnmpConstants.sysDescr);
        assertThat(afterSystem.get(0)).isEqualTo(new VariableBinding(HapairMib.NODE_NAME, new OctetString("master")));
        assertThat(end.get(0).getVariable()).isEqualTo(Null.endOfMibView);
    }

    @Test
    void getBulkRepeatsUntilEveryRepeaterHasReachedTheEnd() {
        PDU bulk = request(PDU.GETBULK, SnmpConstants.sysUpTime, HapairMib.PARTNER_LIVENESS);
        bulk.setNonRepeaters(1);
        bulk.setMaxRepetitions(50);

        PDU answer = Responder.answer(bulk, OBJECTS);

        List<OID> oids = answer.getVariableBindings().stream().map(VariableBinding::getOid).toList();
        assertThat(oids).containsExactly(SnmpConstants.sysContact, HapairMib.SYNC_STATE,
                HapairMib.LAST_TRANSITION_REASON, HapairMib.LAST_TRANSITION_TIME, HapairMib.LAST_TRANSITION_TIME);
        assertThat(answer.get(4).getVariable()).isEqualTo(Null.endOfMibView);
        assertThat(answer.getErrorStatus()).isZero();
        assertThat(answer.getErrorIndex()).isZero();
    }

    @Test
    void setIsRefusedAsNoAccessAndAnSnmpV3AnswerKeepsItsContext() {
        ScopedPDU set = new ScopedPDU();
        set.setType(PDU.SET);
        set.setContextName(new OctetString("ctx"));
        set.add(new VariableBinding(SnmpConstants.sysContact, new OctetString("me")));

        PDU answer = Responder.answer(set, OBJECTS);

        assertThat(answer.getErrorStatus()).isEqualTo(PDU.noAccess);
        assertThat(answer.getErrorIndex()).isEqualTo(1);
        assertThat(answer).isInstanceOf(ScopedPDU.class);
        assertThat(((ScopedPDU) answer).getContextName()).isEqualTo(new OctetString("ctx"));
    }

    @Test
    void aTrapOrAResponseIsNoRequestToAnswer() {
        assertThat(Responder.answer(request(PDU.TRAP, SnmpConstants.sysUpTime), OBJECTS)).isNull();
        assertThat(Responder.answer(request(PDU.RESPONSE, SnmpConstants.sysUpTime), OBJECTS)).isNull();
    }

    @Test
    void withoutHaThePartnerAndTheSyncSayTheyDoNotApply() {
        HaView alone = new HaView("solo", "none", true, null, null, null, "ha-off", STARTED_AT - 5);
        SortedMap<OID, Variable> objects = HapairMib.objects(new HapairMib.SystemInfo("d", "solo", null, null),
                alone, 10, STARTED_AT);

        assertThat(objects.get(HapairMib.MODE)).isEqualTo(new Integer32(3));
        assertThat(objects.get(HapairMib.PARTNER_NAME)).isEqualTo(new OctetString(""));
        assertThat(objects.get(HapairMib.PARTNER_LIVENESS)).isEqualTo(new Integer32(5));
        assertThat(objects.get(HapairMib.SYNC_STATE)).isEqualTo(new Integer32(5));
        assertThat(objects.get(HapairMib.LAST_TRANSITION_TIME)).isEqualTo(new TimeTicks(0));
    }
}
