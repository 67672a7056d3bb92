package io.hapair.node.syslog;

/** What /metrics shows of one syslog target. */
public interface SyslogStats {

    /** The target as transport://host:port. */
    String label();

    /** Messages handed to the network. */
    long sent();

    /** Messages lost before that: dropped from a full queue, or refused by the network (a name that does not resolve). */
    long dropped();

    /** Whether the last attempt to send (or connect) worked. */
    boolean up();
}
