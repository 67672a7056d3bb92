package io.hapair.cloud.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import io.hapair.cloud.adapter.CauseChain;
import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.adapter.ConcurrentChangeException;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what the SDK throws into errors that say what happened and what the operator should do. */
final class ArmErrors {

    // ARM names the missing permission as "... perform action 'Microsoft.Network/...' ..."; the last
    // one is the missing one (LinkedAuthorizationFailed first names the action that was allowed).
    private static final Pattern ACTION = Pattern.compile("action '([^']+)'");

    private ArmErrors() {
    }

    /**
     * @param action   the RBAC action the call needs, e.g. Microsoft.Network/loadBalancers/write
     * @param resource what the call was about, e.g. "load balancer ilb-ha"
     */
    static RuntimeException translate(RuntimeException failure, String action, String resource, String endpoint) {
        Optional<CloudException> ours = CauseChain.find(failure, CloudException.class);
        if (ours.isPresent()) {
            return ours.get();
        }
        if (failure instanceof ManagementException management) {
            return fromArm(management, action, resource);
        }
        Optional<ClientAuthenticationException> signIn = CauseChain.find(failure,
            ClientAuthenticationException.class);
        if (signIn.isPresent()) {
            return notSignedIn(firstLine(signIn.get().getMessage()), failure);
        }
        if (CauseChain.contains(failure, IOException.class)) {
            return new CloudException("cannot reach Azure Resource Manager at " + endpoint + " ("
                + CauseChain.rootMessage(failure) + ")", "check the network and proxy, or azure.armEndpoint", failure);
        }
        return failure;
    }

    private static RuntimeException fromArm(ManagementException failure, String action, String resource) {
        int status = failure.getResponse() == null ? 0 : failure.getResponse().getStatusCode();
        ManagementError error = failure.getValue();
        String code = error == null || error.getCode() == null ? "" : error.getCode();
        String message = error == null || error.getMessage() == null ? failure.getMessage() : error.getMessage();
        switch (status) {
            case 412:
                return new ConcurrentChangeException(resource, failure);
            case 401:
                return notSignedIn(code + ": " + message, failure);
            case 403:
                String needed = lastAction(message, action);
                return new CloudException("permission denied: " + needed + " on " + resource + " (" + code + ")",
                    "grant the signed-in identity a role that allows " + needed
                        + " (Network Contributor on the resource group has it), then run the command again", failure);
            case 429:
                return new CloudException("Azure Resource Manager kept throttling the requests for " + resource
                    + " (429 " + code + ") after retrying as its Retry-After asked",
                    "wait a few minutes and run the command again; other tools may be using the same subscription",
                    failure);
            case 404:
                return new CloudException(resource + " not found (" + code + ")",
                    "check its name, resource group and subscription", failure);
            default:
                return new CloudException("Azure could not complete " + action + " on " + resource + ": " + code
                    + (message == null ? "" : ": " + message), "fix what Azure names, then run the command again",
                    failure);
        }
    }

    private static CloudException notSignedIn(String detail, Throwable cause) {
        return new CloudException("signing in to Azure failed (" + detail + ")",
            "run `az login` and then the command again (or set AZURE_TENANT_ID, AZURE_CLIENT_ID and "
                + "AZURE_CLIENT_SECRET, or run where a managed identity is assigned)", cause);
    }

    /** The credential chain lists every credential it tried, one per line; the first line says what failed. */
    private static String firstLine(String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse("").trim();
    }

    private static String lastAction(String message, String fallback) {
        String found = fallback;
        Matcher matcher = ACTION.matcher(message == null ? "" : message);
        while (matcher.find()) {
            found = matcher.group(1);
        }
        return found;
    }
}
