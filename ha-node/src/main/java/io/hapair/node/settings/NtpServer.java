package io.hapair.node.settings;

/**
 * A time source. Both nodes use the same ones, so their clocks (and the sync's timestamps) agree.
 *
 * @param host its address or DNS name; the document's id
 * @param prefer chosen over the others when all are equally good
 */
public record NtpServer(String host, Boolean prefer) {

    public NtpServer {
        host = RemoteHost.canonical(host);
        prefer = prefer == null ? Boolean.FALSE : prefer; // no server is preferred unless the operator says so
    }
}
