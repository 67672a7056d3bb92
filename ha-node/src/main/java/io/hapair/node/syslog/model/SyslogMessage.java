package io.hapair.node.syslog.model;

import io.hapair.node.settings.SyslogTarget.Severity;

/**
 * One event of the node's log, as every syslog target gets it.
 *
 * @param at       when it happened, epoch milliseconds
 * @param severity how bad it is
 * @param msgId    what kind of event, for the receiver's filters: the part of the node that logged it
 * @param text     the message
 */
public record SyslogMessage(long at, Severity severity, String msgId, String text) {
}
