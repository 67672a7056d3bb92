package io.hapair.node.snmp.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.snmp4j.PDU;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * The agent's answer to a read request over a sorted view of its objects (RFC 3416 4.2): get, get-next and
 * get-bulk; set is refused with noAccess, as a read-only agent does. The answer keeps the request's request id
 * and, for SNMPv3, its context (it is the request's copy).
 */
public final class Responder {

    // Bounds a get-bulk answer whatever the request asks; the whole view is a few dozen objects.
    static final int MAX_BINDINGS = 1024;

    private Responder() {
    }

    /** The response PDU, or null when the PDU is no request this agent answers (a response, a trap, a report). */
    public static PDU answer(PDU request, SortedMap<OID, Variable> objects) {
        List<? extends VariableBinding> asked = request.getVariableBindings();
        List<VariableBinding> answer = new ArrayList<>();
        int errorStatus = PDU.noError;
        int errorIndex = 0;
        switch (request.getType()) {
            case PDU.GET -> asked.forEach(vb -> answer.add(get(vb.getOid(), objects)));
            case PDU.GETNEXT -> asked.forEach(vb -> answer.add(next(vb.getOid(), objects)));
            case PDU.GETBULK -> answer.addAll(bulk(asked, request.getNonRepeaters(), request.getMaxRepetitions(),
                    objects));
            case PDU.SET -> {
                answer.addAll(asked);
                errorStatus = asked.isEmpty() ? PDU.noError : PDU.noAccess;
                errorIndex = asked.isEmpty() ? 0 : 1;
            }
            default -> {
                return null;
            }
        }
        PDU response = (PDU) request.clone();
        response.setType(PDU.RESPONSE);
        response.setVariableBindings(answer);
        response.setErrorStatus(errorStatus);
        response.setErrorIndex(errorIndex);
        return response;
    }

    private static VariableBinding get(OID oid, SortedMap<OID, Variable> objects) {
        Variable value = objects.get(oid);
        if (value != null) {
            return new VariableBinding(oid, value);
        }
        // noSuchObject for a name no object has, noSuchInstance below an object that exists.
        boolean underObject = objects.keySet().stream().anyMatch(o -> oid.startsWith(new OID(o).trim()));
        return new VariableBinding(oid, underObject ? Null.noSuchInstance : Null.noSuchObject);
    }

    private static VariableBinding next(OID oid, SortedMap<OID, Variable> objects) {
        SortedMap<OID, Variable> after = objects.tailMap(successorOf(oid));
        if (after.isEmpty()) {
            return new VariableBinding(oid, Null.endOfMibView);
        }
        OID first = after.firstKey();
        return new VariableBinding(first, after.get(first));
    }

    /** The smallest OID greater than {@code oid}: itself with a 0 appended. */
    private static OID successorOf(OID oid) {
        return new OID(oid).append(0);
    }

    private static List<VariableBinding> bulk(List<? extends VariableBinding> asked, int nonRepeaters, int maxRepetitions,
                                              SortedMap<OID, Variable> objects) {
        int n = Math.min(Math.max(nonRepeaters, 0), asked.size());
        List<VariableBinding> answer = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answer.add(next(asked.get(i).getOid(), objects));
        }
        List<OID> cursors = new ArrayList<>(asked.subList(n, asked.size()).stream().map(VariableBinding::getOid)
                .toList());
        for (int r = 0; r < Math.max(maxRepetitions, 0) && !cursors.isEmpty(); r++) {
            boolean allEnded = true;
            for (int i = 0; i < cursors.size() && answer.size() < MAX_BINDINGS; i++) {
                VariableBinding vb = next(cursors.get(i), objects);
                answer.add(vb);
                cursors.set(i, vb.getOid());
                allEnded &= vb.getVariable().equals(Null.endOfMibView);
            }
            // RFC 3416 4.2.3: once every repeater has reached the end, further repetitions would say only that.
            if (allEnded || answer.size() >= MAX_BINDINGS) {
                break;
            }
        }
        return answer;
    }
}
