package io.hapair.node.snmp.model;

import io.hapair.node.role.PartnerLiveness;

/**
 * The node's HA state as HAPAIR-MIB serves it and its notifications carry: a snapshot the node takes on its own
 * event loop and hands over whole, so the agent never touches the role machine.
 *
 * @param nodeName         the node's name
 * @param mode             the HA mode's key: master, slave or none
 * @param active           whether the node answers the balancer's probe with 200
 * @param partnerName      the partner's name as it reports it, or null before it was heard (or without HA)
 * @param partner          what the node believes about its partner; null without HA
 * @param sync             the settings sync's one-word state ("in sync", "pending", "conflicts", "refused"); null
 *                         without HA
 * @param lastReason       the stable code of the last transition's reason ("partner-dead"), or null before any
 * @param lastTransitionAt when the last transition happened, wall-clock millis; -1 before any
 */
public record HaView(String nodeName, String mode, boolean active, String partnerName, PartnerLiveness partner,
                     String sync, String lastReason, long lastTransitionAt) {
}
