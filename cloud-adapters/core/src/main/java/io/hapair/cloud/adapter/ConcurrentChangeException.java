package io.hapair.cloud.adapter;

/** A write was refused because the resource changed since it was read (Azure: 412 on If-Match). */
public final class ConcurrentChangeException extends CloudException {

    public ConcurrentChangeException(String resource, Throwable cause) {
        super(resource + " changed since it was read", "re-read it and plan again", cause);
    }
}
