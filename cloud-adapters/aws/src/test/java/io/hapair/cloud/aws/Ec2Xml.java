package io.hapair.cloud.aws;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * EC2 (API 2016-11-15) responses in the EC2 protocol's XML, shaped as the API reference's
 * examples: {@code <ActionResponse><requestId>...}, lowerCamel element names, lists as
 * {@code <item>} elements, errors as {@code <Response><Errors><Error><Code><Message>}.
 */
final class Ec2Xml {

    static final String VERSION = "2016-11-15";
    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private Ec2Xml() {
    }

    static String response(String action, String body) {
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">\n  <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE"
            + "</requestId>\n  " + body + "\n</" + action + "Response>";
    }

    static String error(String code, String message) {
        return "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message + "</Message></Error></Errors>"
            + "<RequestID>ea966190-f9aa-478e-9ede-cb5432daacc0</RequestID></Response>";
    }

    static String items(List<String> items) {
        return items.stream().map(item -> "<item>" + item + "</item>").collect(Collectors.joining());
    }

    static String instance(String instanceId, String address, String vpc, List<String> groups) {
        return "<reservationSet><item><reservationId>r-0" + instanceId.substring(3, 19) + "</reservationId>"
            + "<ownerId>" + ElbXml.ACCOUNT + "</ownerId><groupSet/><instancesSet><item><instanceId>" + instanceId
            + "</instanceId><imageId>ami-0d71ea30463e0ff8d</imageId><instanceState><code>16</code><name>running</name>"
            + "</instanceState><privateDnsName>ip-" + address.replace('.', '-') + ".eu-west-1.compute.internal"
            + "</privateDnsName><instanceType>c6i.large</instanceType><subnetId>subnet-0c3c3c3c3c3c3c3c3</subnetId>"
            + "<vpcId>" + vpc + "</vpcId><privateIpAddress>" + address + "</privateIpAddress><groupSet>"
            + items(groups.stream().map(group -> "<groupId>" + group + "</groupId><groupName>" + group
                + "-name</groupName>").toList())
            + "</groupSet><networkInterfaceSet><item><networkInterfaceId>eni-0" + instanceId.substring(3, 19)
            + "</networkInterfaceId><vpcId>" + vpc + "</vpcId><privateIpAddress>" + address + "</privateIpAddress>"
            + "<privateIpAddressesSet><item><privateIpAddress>" + address + "</privateIpAddress><primary>true</primary>"
            + "</item></privateIpAddressesSet></item></networkInterfaceSet></item></instancesSet></item></reservationSet>";
    }

    /** One inbound rule; {@code source} is a CIDR, or a group ID (sg-...) for a group reference. */
    static String rule(String ruleId, String group, String protocol, int from, int to, String source,
                       String description, Map<String, String> tags) {
        String sourceElement = source.startsWith("sg-")
            ? "<referencedGroupInfo><groupId>" + source + "</groupId><userId>" + ElbXml.ACCOUNT + "</userId>"
                + "</referencedGroupInfo>"
            : "<cidrIpv4>" + source + "</cidrIpv4>";
        return "<securityGroupRuleId>" + ruleId + "</securityGroupRuleId><groupId>" + group + "</groupId>"
            + "<groupOwnerId>" + ElbXml.ACCOUNT + "</groupOwnerId><isEgress>false</isEgress><ipProtocol>" + protocol
            + "</ipProtocol><fromPort>" + from + "</fromPort><toPort>" + to + "</toPort>" + sourceElement
            + (description == null ? "" : "<description>" + description + "</description>")
            + "<tagSet>" + items(tags.entrySet().stream()
                .map(tag -> "<key>" + tag.getKey() + "</key><value>" + tag.getValue() + "</value>").toList())
            + "</tagSet><securityGroupRuleArn>arn:aws:ec2:" + ElbXml.REGION + ":" + ElbXml.ACCOUNT
            + ":security-group-rule/" + ruleId + "</securityGroupRuleArn>";
    }

    static String balancerInterface(String address) {
        return "<networkInterfaceId>eni-0" + Integer.toHexString(address.hashCode()) + "</networkInterfaceId>"
            + "<description>ELB net/" + ElbXml.BALANCER + "/50dc6c495c0c9188</description><interfaceType>"
            + "network_load_balancer</interfaceType><status>in-use</status><vpcId>" + ElbXml.VPC + "</vpcId>"
            + "<privateIpAddress>" + address + "</privateIpAddress>";
    }
}
