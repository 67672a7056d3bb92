package io.hapair.node.peer;

import io.hapair.node.role.PartnerReport;

/**
 * The heartbeat body.
 *
 * @param report      the sender's state for the partner's state machine
 * @param incarnation the sender's process incarnation (start time); a lower one than already seen is
 *                    a stale process or a replay and is refused
 * @param sentAt      sender's wall clock when sent, but strictly increasing within an incarnation even
 *                    when that clock steps back: it orders the copies that travel by datagram and by TLS
 * @param echoSentAt  the {@code sentAt} of the last heartbeat the sender received from us (-1 if none)
 * @param echoHeldMs  how long the sender held that echo before sending, so we can compute the RTT
 */
public record Heartbeat(PartnerReport report, long incarnation, long sentAt, long echoSentAt, long echoHeldMs) {
}
