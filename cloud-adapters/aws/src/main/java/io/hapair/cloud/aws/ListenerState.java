package io.hapair.cloud.aws;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;

import java.util.Optional;

/** A listener of the NLB as observe read it, and whether it carries the pair's tag. */
record ListenerState(Listener listener, boolean owned) {

    /** The target group the listener forwards to. */
    Optional<String> targetGroupArn() {
        return forwardedTo(listener);
    }

    /** An NLB listener has one forward action, naming its group directly or in its forward config. */
    static Optional<String> forwardedTo(Listener listener) {
        return listener.defaultActions().stream()
            .filter(action -> action.type() == ActionTypeEnum.FORWARD)
            .map(ListenerState::forwardTarget)
            .flatMap(Optional::stream)
            .findFirst();
    }

    int port() {
        return listener.port();
    }

    private static Optional<String> forwardTarget(Action action) {
        if (action.targetGroupArn() != null) {
            return Optional.of(action.targetGroupArn());
        }
        return action.forwardConfig() == null ? Optional.empty() : action.forwardConfig().targetGroups().stream()
            .map(group -> group.targetGroupArn()).findFirst();
    }
}
