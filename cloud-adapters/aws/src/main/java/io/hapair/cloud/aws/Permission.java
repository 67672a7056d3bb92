package io.hapair.cloud.aws;

import io.hapair.cloud.topology.Protocol;
import io.hapair.cloud.topology.SecurityRule;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

import java.util.ArrayList;
import java.util.List;

/**
 * One inbound permission of a security group: protocol, port range and a single source (a CIDR, a
 * security group, or a prefix list). AWS keeps each as a rule of its own with an ID and tags, and
 * refuses a second identical one; a core security rule with several sources is several of these.
 * A source that is the pair's own group reads as {@link SecurityRule#PAIR_NODES}.
 */
record Permission(String ipProtocol, int fromPort, int toPort, String source) {

    // EC2's "all protocols", which also means all ports (-1 to -1).
    static final String ALL = "-1";

    /** The permissions a core security rule asks for: one per source and port. */
    static List<Permission> of(SecurityRule rule) {
        String protocol = switch (rule.protocol()) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ANY, OTHER -> ALL;
        };
        List<Permission> permissions = new ArrayList<>();
        for (String ports : rule.destinationPorts()) {
            int[] range = ALL.equals(protocol) ? new int[] {-1, -1} : range(ports);
            rule.sources().forEach(source -> permissions.add(new Permission(protocol, range[0], range[1], source)));
        }
        return permissions;
    }

    /** A live rule, with the pair's own group read as {@link SecurityRule#PAIR_NODES}. */
    static Permission of(SecurityGroupRule rule, String pairGroupId) {
        String source;
        if (rule.referencedGroupInfo() != null && rule.referencedGroupInfo().groupId() != null) {
            String group = rule.referencedGroupInfo().groupId();
            source = group.equals(pairGroupId) ? SecurityRule.PAIR_NODES : group;
        } else if (rule.prefixListId() != null) {
            source = rule.prefixListId();
        } else {
            source = rule.cidrIpv4() != null ? rule.cidrIpv4() : rule.cidrIpv6();
        }
        String protocol = switch (rule.ipProtocol()) {
            case "6" -> "tcp";
            case "17" -> "udp";
            default -> rule.ipProtocol();
        };
        return new Permission(protocol, valueOr(rule.fromPort()), valueOr(rule.toPort()), source);
    }

    Protocol protocol() {
        return switch (ipProtocol) {
            case "tcp" -> Protocol.TCP;
            case "udp" -> Protocol.UDP;
            case ALL -> Protocol.ANY;
            default -> Protocol.OTHER;
        };
    }

    /** As a core port: "443", "8000-8100", or "*" for all. */
    String ports() {
        if (fromPort < 0 || (fromPort == 0 && toPort == 65_535)) {
            return "*";
        }
        return fromPort == toPort ? Integer.toString(fromPort) : fromPort + "-" + toPort;
    }

    IpPermission toIpPermission(String pairGroupId, String description) {
        IpPermission.Builder permission = IpPermission.builder().ipProtocol(ipProtocol).fromPort(fromPort)
            .toPort(toPort);
        if (SecurityRule.PAIR_NODES.equals(source) || source.startsWith("sg-")) {
            String group = SecurityRule.PAIR_NODES.equals(source) ? pairGroupId : source;
            permission.userIdGroupPairs(UserIdGroupPair.builder().groupId(group).description(description).build());
        } else if (source.startsWith("pl-")) {
            permission.prefixListIds(PrefixListId.builder().prefixListId(source).description(description).build());
        } else {
            permission.ipRanges(IpRange.builder().cidrIp(source).description(description).build());
        }
        return permission.build();
    }

    private static int[] range(String ports) {
        if ("*".equals(ports)) {
            return new int[] {0, 65_535};
        }
        int dash = ports.indexOf('-');
        return dash < 0 ? new int[] {Integer.parseInt(ports), Integer.parseInt(ports)}
            : new int[] {Integer.parseInt(ports.substring(0, dash)), Integer.parseInt(ports.substring(dash + 1))};
    }

    private static int valueOr(Integer value) {
        return value == null ? -1 : value;
    }
}
