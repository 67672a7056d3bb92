package io.hapair.cloud.aws;

import io.hapair.cloud.topology.PairNode;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A pair node and the EC2 instance that runs it. */
record PairInstance(PairNode node, Instance instance) {

    String id() {
        return instance.instanceId();
    }

    /** Every private address of the instance, primary first. */
    Set<String> addresses() {
        Set<String> addresses = new LinkedHashSet<>();
        if (instance.privateIpAddress() != null) {
            addresses.add(instance.privateIpAddress());
        }
        instance.networkInterfaces().forEach(eni -> eni.privateIpAddresses()
            .forEach(address -> addresses.add(address.privateIpAddress())));
        return addresses;
    }

    /** The security groups on the instance's interfaces: their rules together decide its traffic. */
    List<String> securityGroups() {
        return instance.securityGroups().stream().map(GroupIdentifier::groupId).toList();
    }
}
