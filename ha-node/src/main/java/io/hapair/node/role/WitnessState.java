package io.hapair.node.role;

/**
 * What this node knows of its lease on the external witness, as its last {@link RoleEvent.WitnessChanged}
 * said. The lease counts as held until {@code heldUntil}, a deadline the witness client sets no later
 * than the store's own expiry, so the rule can see a lease run out by time alone, even when no event
 * arrives (a stalled node, a hung request).
 *
 * @param reachable whether the last request to the witness was answered
 * @param heldUntil wall-clock millis until which the lease is ours; 0 when it is not
 * @param token     the fencing token of our lease (etcd: the key's create revision); 0 when none
 * @param detail    for people: who holds the lease, or why the witness cannot be asked
 */
public record WitnessState(boolean reachable, long heldUntil, long token, String detail) {

    public boolean held(long now) {
        return heldUntil > now;
    }
}
