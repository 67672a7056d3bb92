package io.hapair.cloud.aws;

import io.hapair.cloud.adapter.CloudException;
import io.hapair.cloud.adapter.WriteSteps;
import io.hapair.cloud.plan.Change;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The writes that bring one target group and its listener from what observe read to its spec, as
 * steps of one chain (a failed step skips the rest of that group only). A group whose protocol or
 * port differs is replaced, as ELB cannot change those. Only the pair's groups and listeners are
 * written; a same-named group or a listener on a wanted port that is not the pair's makes the step
 * fail with what to do, without touching it.
 */
final class TargetGroupWrites {

    private final NlbRepository nlb;
    private final AwsSnapshot snapshot;
    private final PairTags tags;
    private final AwsReading reading;

    TargetGroupWrites(NlbRepository nlb, AwsSnapshot snapshot, PairTags tags, AwsReading reading) {
        this.nlb = nlb;
        this.snapshot = snapshot;
        this.tags = tags;
        this.reading = reading;
    }

    /** @param spec empty when the group is no longer wanted */
    void add(WriteSteps steps, String name, Optional<TargetGroupSpec> spec, List<Change> changes) {
        Steps chain = new Steps(steps, NlbRepository.describe(name), changes);
        Optional<TargetGroupState> live = snapshot.targetGroup(name);
        if (live.isPresent() && !reading.owned(live.get())) {
            chain.fail(NlbRepository.describe(name) + " exists but is not this pair's (no tag " + PairTags.PAIR + "="
                + tags.pairId() + ")", "rename or delete it, or choose another namePrefix; the pair never changes "
                + "what it does not own");
            return;
        }
        if (spec.isEmpty()) {
            live.ifPresent(group -> remove(chain, group, "no longer wanted"));
            return;
        }
        TargetGroupSpec wanted = spec.get();
        boolean replace = live.isPresent() && (!wanted.protocol().equals(live.get().group().protocolAsString())
            || wanted.port() != live.get().group().port());
        if (replace) {
            remove(chain, live.get(), "replacing it: ELB cannot change its protocol or port");
        }
        if (live.isEmpty() || replace) {
            create(chain, wanted);
        } else {
            update(chain, wanted, live.get());
        }
    }

    private void remove(Steps chain, TargetGroupState group, String why) {
        snapshot.listenerTo(group.arn()).ifPresent(listener -> {
            if (!listener.owned()) {
                chain.fail("the listener on port " + listener.port() + " forwards to " + group.name() + " but is not "
                    + "this pair's", "delete or repoint that listener, then run apply again");
            } else {
                chain.step("delete the listener on port " + listener.port() + " (" + why + ")",
                    () -> nlb.deleteListener(listener.listener().listenerArn()));
            }
        });
        chain.step("delete it (" + why + ")", () -> nlb.deleteTargetGroup(group.arn(), group.name()));
    }

    private void create(Steps chain, TargetGroupSpec spec) {
        String[] arn = new String[1];
        HealthCheck check = spec.healthCheck();
        chain.step("create it: " + spec.protocol() + " " + spec.port() + ", health check " + check.protocol() + " "
            + check.port() + (check.http() ? " " + check.path() + " matcher " + check.matcher() : ""),
            () -> arn[0] = nlb.createTargetGroup(spec, snapshot.balancer().vpcId(), tags.targetGroup(spec.kind())));
        chain.step("set " + spec.attributes(), () -> nlb.modifyAttributes(arn[0], spec.name(), spec.attributes()));
        chain.step("register " + String.join(", ", spec.instanceIds()),
            () -> nlb.register(arn[0], spec.name(), spec.instanceIds()));
        addListener(chain, spec, () -> arn[0]);
    }

    private void update(Steps chain, TargetGroupSpec spec, TargetGroupState live) {
        if (!spec.healthCheck().equals(HealthCheck.of(live.group()))) {
            chain.step("set its health check to " + spec.healthCheck(),
                () -> nlb.modifyHealthCheck(live.arn(), spec.name(), spec.healthCheck()));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        spec.attributes().forEach((key, value) -> {
            if (!Objects.equals(value, live.attributes().get(key))) {
                attributes.put(key, value);
            }
        });
        if (!attributes.isEmpty()) {
            chain.step("set " + attributes, () -> nlb.modifyAttributes(live.arn(), spec.name(), attributes));
        }
        List<String> registered = live.targets().stream()
            .filter(target -> target.targetHealth() == null
                || target.targetHealth().state() != TargetHealthStateEnum.DRAINING)
            .map(target -> target.target().id()).distinct().toList();
        List<String> joining = spec.instanceIds().stream().filter(id -> !registered.contains(id)).toList();
        List<String> leaving = registered.stream().filter(id -> !spec.instanceIds().contains(id)).toList();
        if (!joining.isEmpty()) {
            chain.step("register " + String.join(", ", joining), () -> nlb.register(live.arn(), spec.name(), joining));
        }
        if (!leaving.isEmpty()) {
            chain.step("deregister " + String.join(", ", leaving),
                () -> nlb.deregister(live.arn(), spec.name(), leaving));
        }
        Optional<ListenerState> listener = snapshot.listenerTo(live.arn());
        if (listener.isEmpty()) {
            addListener(chain, spec, live::arn);
        } else if (listener.get().port() != spec.listenerPort()) {
            if (!listener.get().owned()) {
                chain.fail("the listener forwarding to " + spec.name() + " is not this pair's",
                    "move it to port " + spec.listenerPort() + " yourself, or delete it and run apply again");
            } else {
                chain.step("move its listener from port " + listener.get().port() + " to " + spec.listenerPort(),
                    () -> nlb.moveListener(listener.get().listener().listenerArn(), spec.listenerPort()));
            }
        }
    }

    private void addListener(Steps chain, TargetGroupSpec spec, Supplier<String> arn) {
        Optional<ListenerState> taken = snapshot.listenerOn(spec.listenerPort()).filter(other -> !other.owned());
        if (taken.isPresent()) {
            chain.fail("port " + spec.listenerPort() + " of the NLB already has a listener that is not this pair's",
                "remove that listener, or move the pair's port " + spec.listenerPort() + " elsewhere in the topology");
            return;
        }
        chain.step("forward " + spec.protocol() + " " + spec.listenerPort() + " to it (new listener)",
            () -> nlb.createListener(snapshot.balancer().loadBalancerArn(), spec, arn.get(), tags.listener()));
    }

    /** The steps of one group's chain; each carries all of that group's changes. */
    private record Steps(WriteSteps steps, String group, List<Change> changes) {

        void step(String description, Runnable write) {
            steps.add(group, group + ": " + description, changes, write);
        }

        /** A step that fails at once with the reason, so the report shows it and nothing is written. */
        void fail(String problem, String fix) {
            steps.add(group, group + ": refused", changes, () -> {
                throw new CloudException(problem, fix, null);
            });
        }
    }
}
