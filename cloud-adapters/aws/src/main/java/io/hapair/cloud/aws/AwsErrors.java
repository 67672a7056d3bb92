package io.hapair.cloud.aws;

import io.hapair.cloud.adapter.CauseChain;
import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.adapter.ConcurrentChangeException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the SDK throws into errors that say what happened and what the operator should do.
 * Codes meaning "someone else just created this" become a {@link ConcurrentChangeException}, so
 * the reconciler re-reads and re-plans instead of failing or overwriting.
 */
final class AwsErrors {

    static final String CREDENTIALS_FIX = "refresh or provide credentials: `aws sso login` or `aws configure`, "
        + "AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN), or run where an instance role "
        + "or web identity is available";

    // The codes AWS uses for refused, expired or unsigned credentials (ELB and EC2 spell them differently).
    private static final Set<String> AUTHENTICATION = Set.of("ExpiredToken", "ExpiredTokenException",
        "RequestExpired", "InvalidClientTokenId", "UnrecognizedClientException", "AuthFailure",
        "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken", "InvalidAccessKeyId");
    private static final Set<String> PERMISSION = Set.of("AccessDenied", "AccessDeniedException",
        "UnauthorizedOperation");
    // "... is not authorized to perform: elasticloadbalancing:CreateTargetGroup on resource: ..."
    private static final Pattern ACTION = Pattern.compile("perform: ([A-Za-z0-9-]+:[A-Za-z0-9]+)");

    private AwsErrors() {
    }

    /** The service's error code, or empty for client-side failures. */
    static Optional<String> code(SdkException failure) {
        return failure instanceof AwsServiceException service && service.awsErrorDetails() != null
            ? Optional.ofNullable(service.awsErrorDetails().errorCode()) : Optional.empty();
    }

    static boolean hasCode(SdkException failure, String... codes) {
        return code(failure).filter(Set.of(codes)::contains).isPresent();
    }

    /** A resource changed since it was read: created by a concurrent apply or a lost response, or deleted. */
    static ConcurrentChangeException changedMeanwhile(String resource, SdkException failure) {
        return new ConcurrentChangeException(resource + " (" + code(failure).orElse("") + ")", failure);
    }

    /**
     * @param action   the IAM action the call needs, e.g. elasticloadbalancing:CreateTargetGroup
     * @param resource what the call was about, e.g. "target group hapair-rule-tcp-443"
     */
    static RuntimeException translate(SdkException failure, String action, String resource, ServiceEndpoint endpoint) {
        Optional<CloudException> ours = CauseChain.find(failure, CloudException.class);
        if (ours.isPresent()) {
            return ours.get();
        }
        if (CauseChain.contains(failure, ApiCallTimeoutException.class)
            || CauseChain.contains(failure, ApiCallAttemptTimeoutException.class) || endpoint.deadline().passed()) {
            return endpoint.deadline().exceeded("AWS at " + endpoint.url() + " (" + action + " for " + resource + ")",
                failure);
        }
        if (failure instanceof AwsServiceException service) {
            return fromService(service, action, resource);
        }
        if (failure instanceof SdkClientException && CauseChain.contains(failure, IOException.class)) {
            return new CloudException("cannot reach AWS at " + endpoint.url() + " (" + CauseChain.rootMessage(failure)
                + ")", "check the network and proxy, the region, or the endpoint override", failure);
        }
        return new CloudException("the AWS SDK failed on " + action + " for " + resource + ": "
            + failure.getMessage(), "fix what it names, then run the command again", failure);
    }

    /** The default chain found nothing; its message lists where it looked. */
    static CloudException noCredentials(SdkException failure) {
        return new CloudException("no AWS credentials found (" + failure.getMessage() + ")", CREDENTIALS_FIX, failure);
    }

    private static RuntimeException fromService(AwsServiceException failure, String action, String resource) {
        String code = code(failure).orElse("");
        String message = failure.awsErrorDetails() == null ? failure.getMessage()
            : failure.awsErrorDetails().errorMessage();
        if (failure.isThrottlingException()) {
            return new CloudException("AWS kept throttling " + action + " for " + resource + " (" + code + ") after "
                + failure.numAttempts() + " attempts with backoff",
                "wait a few minutes and run the command again; other tools may be calling the same account and region",
                failure);
        }
        if (AUTHENTICATION.contains(code)) {
            return new CloudException("AWS refused the credentials (" + code + ": " + message + ")", CREDENTIALS_FIX,
                failure);
        }
        if (PERMISSION.contains(code) || failure.statusCode() == 403) {
            String needed = namedAction(message).orElse(action);
            return new CloudException("permission denied: " + needed + " on " + resource + " (" + code + ")",
                "allow " + needed + " in the IAM policy of the identity running this (see the README's policy), "
                    + "then run the command again", failure);
        }
        return new CloudException("AWS could not complete " + action + " for " + resource + ": " + code
            + (message == null ? "" : ": " + message), "fix what AWS names, then run the command again", failure);
    }

    private static Optional<String> namedAction(String message) {
        Matcher matcher = ACTION.matcher(message == null ? "" : message);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
