package io.hapair.cloud.adapter;

/**
 * A cloud call failed in a way the operator must act on; the message says what happened and what to
 * do, e.g. "permission denied for Microsoft.Network/loadBalancers/write on ...; grant ...".
 */
public class CloudException extends RuntimeException {

    public CloudException(String problem, String fix, Throwable cause) {
        super(problem + "; " + fix, cause);
    }
}
