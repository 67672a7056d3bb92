package io.hapair.cloud.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Builds ARM response bodies in the shapes of the Azure REST API specification's examples
 * (LoadBalancerGet, NetworkInterfaceGet, NetworkSecurityGroupGet, DefaultSecurityRuleList): name,
 * id, etag, type, and the fields under "properties", with full resource IDs in references.
 */
final class ArmDocuments {

    static final String SUBSCRIPTION = "6a1f4c2e-9b3d-4e5f-8a7b-1c2d3e4f5a6b";
    static final String GROUP = "rg-ha";
    static final String BALANCER = "ilb-ha";
    static final String RG_PATH = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP;
    static final String NETWORK = RG_PATH + "/providers/Microsoft.Network";
    static final String LB_PATH = NETWORK + "/loadBalancers/" + BALANCER;
    static final String FRONTEND = "fe-ilb";
    static final String SUBNET_ID = NETWORK + "/virtualNetworks/vnet-ha/subnets/snet-nodes";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArmDocuments() {
    }

    static ObjectNode loadBalancer(String etag) {
        ObjectNode lb = resource(BALANCER, LB_PATH, etag, "Microsoft.Network/loadBalancers");
        lb.put("location", "westeurope");
        lb.putObject("sku").put("name", "Standard").put("tier", "Regional");
        ObjectNode properties = lb.putObject("properties");
        properties.put("provisioningState", "Succeeded");
        ObjectNode frontend = child(FRONTEND, "frontendIPConfigurations", etag);
        frontend.withObject("/properties").put("privateIPAddress", "10.0.1.10").put("privateIPAllocationMethod", "Static")
            .put("privateIPAddressVersion", "IPv4").putObject("subnet").put("id", SUBNET_ID);
        properties.putArray("frontendIPConfigurations").add(frontend);
        for (String collection : List.of("backendAddressPools", "loadBalancingRules", "probes", "inboundNatRules",
            "inboundNatPools")) {
            properties.putArray(collection);
        }
        return lb;
    }

    /** The nodes' subnet, with the NSG of that ID attached, or none for null. */
    static ObjectNode subnet(String securityGroupId) {
        ObjectNode subnet = resource("snet-nodes", SUBNET_ID, "W/\"s\"", "Microsoft.Network/virtualNetworks/subnets");
        ObjectNode properties = subnet.putObject("properties").put("provisioningState", "Succeeded")
            .put("addressPrefix", "10.0.1.0/24");
        if (securityGroupId != null) {
            properties.putObject("networkSecurityGroup").put("id", securityGroupId);
        }
        return subnet;
    }

    static ObjectNode pool(String name) {
        return child(name, "backendAddressPools", "W/\"p\"");
    }

    static ObjectNode probe(String name, String protocol, int port, String path, int interval, int count) {
        ObjectNode probe = child(name, "probes", "W/\"p\"");
        ObjectNode properties = probe.withObject("/properties").put("protocol", protocol).put("port", port)
            .put("intervalInSeconds", interval).put("numberOfProbes", count).put("probeThreshold", count);
        if (path != null) {
            properties.put("requestPath", path);
        }
        return probe;
    }

    static ObjectNode rule(String name, int port, String probe, String pool, boolean floatingIp) {
        ObjectNode rule = child(name, "loadBalancingRules", "W/\"p\"");
        ObjectNode properties = rule.withObject("/properties");
        properties.putObject("frontendIPConfiguration").put("id", LB_PATH + "/frontendIPConfigurations/" + FRONTEND);
        properties.put("frontendPort", port).put("backendPort", port).put("enableFloatingIP", floatingIp)
            .put("idleTimeoutInMinutes", 4).put("protocol", "Tcp").put("enableTcpReset", false)
            .put("loadDistribution", "Default").put("disableOutboundSnat", false);
        properties.putObject("backendAddressPool").put("id", LB_PATH + "/backendAddressPools/" + pool);
        properties.putArray("backendAddressPools").addObject().put("id", LB_PATH + "/backendAddressPools/" + pool);
        if (probe != null) {
            properties.putObject("probe").put("id", LB_PATH + "/probes/" + probe);
        }
        return rule;
    }

    static ObjectNode nat(String name, int frontendPort, int backendPort, String boundNic) {
        ObjectNode nat = child(name, "inboundNatRules", "W/\"p\"");
        ObjectNode properties = nat.withObject("/properties");
        properties.putObject("frontendIPConfiguration").put("id", LB_PATH + "/frontendIPConfigurations/" + FRONTEND);
        properties.put("frontendPort", frontendPort).put("backendPort", backendPort).put("enableFloatingIP", false)
            .put("idleTimeoutInMinutes", 4).put("protocol", "Tcp").put("enableTcpReset", false);
        if (boundNic != null) {
            properties.putObject("backendIPConfiguration")
                .put("id", NETWORK + "/networkInterfaces/" + boundNic + "/ipConfigurations/ipconfig1");
        }
        return nat;
    }

    static void add(ObjectNode resource, String collection, ObjectNode... items) {
        ArrayNode array = (ArrayNode) resource.withObject("/properties").get(collection);
        for (ObjectNode item : items) {
            array.add(item);
        }
    }

    /** A VM's NIC with one IP configuration; pools and NAT rules are names on the pair's balancer. */
    static ObjectNode nic(String name, String address, List<String> pools, List<String> natRules) {
        String id = NETWORK + "/networkInterfaces/" + name;
        ObjectNode nic = resource(name, id, "W/\"nic-" + name + "\"", "Microsoft.Network/networkInterfaces");
        nic.put("location", "westeurope");
        ObjectNode properties = nic.putObject("properties");
        properties.put("provisioningState", "Succeeded").put("primary", true).put("enableIPForwarding", false);
        ObjectNode configuration = properties.putArray("ipConfigurations").addObject();
        configuration.put("name", "ipconfig1").put("id", id + "/ipConfigurations/ipconfig1")
            .put("etag", "W/\"nic-" + name + "\"");
        ObjectNode ipProperties = configuration.putObject("properties");
        ipProperties.put("provisioningState", "Succeeded").put("privateIPAddress", address)
            .put("privateIPAllocationMethod", "Static").put("primary", true).put("privateIPAddressVersion", "IPv4");
        ipProperties.putObject("subnet").put("id", SUBNET_ID);
        ArrayNode poolRefs = ipProperties.putArray("loadBalancerBackendAddressPools");
        pools.forEach(pool -> poolRefs.addObject().put("id", LB_PATH + "/backendAddressPools/" + pool));
        ArrayNode natRefs = ipProperties.putArray("loadBalancerInboundNatRules");
        natRules.forEach(rule -> natRefs.addObject().put("id", LB_PATH + "/inboundNatRules/" + rule));
        properties.putObject("networkSecurityGroup").put("id", NETWORK + "/networkSecurityGroups/nsg-ha");
        return nic;
    }

    /** An NSG with the given rules and Azure's three default inbound rules. */
    static ObjectNode securityGroup(String etag, ObjectNode... rules) {
        return securityGroup("nsg-ha", etag, rules);
    }

    static ObjectNode securityGroup(String name, String etag, ObjectNode... rules) {
        String id = NETWORK + "/networkSecurityGroups/" + name;
        ObjectNode group = resource(name, id, etag, "Microsoft.Network/networkSecurityGroups");
        group.put("location", "westeurope");
        ObjectNode properties = group.putObject("properties");
        properties.put("provisioningState", "Succeeded");
        ArrayNode securityRules = properties.putArray("securityRules");
        for (ObjectNode rule : rules) {
            securityRules.add(rule);
        }
        properties.putArray("defaultSecurityRules")
            .add(securityRule("AllowVnetInBound", 65000, "Allow", "*", "VirtualNetwork", "VirtualNetwork", "*"))
            .add(securityRule("AllowAzureLoadBalancerInBound", 65001, "Allow", "*", "AzureLoadBalancer", "*", "*"))
            .add(securityRule("DenyAllInBound", 65500, "Deny", "*", "*", "*", "*"));
        return group;
    }

    static ObjectNode securityRule(String name, int priority, String access, String protocol, String source,
                                   String destination, String port) {
        ObjectNode rule = JSON.createObjectNode();
        rule.put("name", name).put("id", NETWORK + "/networkSecurityGroups/nsg-ha/securityRules/" + name)
            .put("etag", "W/\"r\"");
        rule.putObject("properties").put("provisioningState", "Succeeded").put("protocol", protocol)
            .put("sourcePortRange", "*").put("destinationPortRange", port).put("sourceAddressPrefix", source)
            .put("destinationAddressPrefix", destination).put("access", access).put("priority", priority)
            .put("direction", "Inbound");
        for (String empty : List.of("sourcePortRanges", "destinationPortRanges", "sourceAddressPrefixes",
            "destinationAddressPrefixes")) {
            rule.withObject("/properties").putArray(empty);
        }
        return rule;
    }

    static ObjectNode error(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }

    private static ObjectNode resource(String name, String id, String etag, String type) {
        ObjectNode resource = JSON.createObjectNode();
        resource.put("name", name).put("id", id).put("etag", etag).put("type", type);
        return resource;
    }

    private static ObjectNode child(String name, String collection, String etag) {
        ObjectNode child = JSON.createObjectNode();
        child.put("name", name).put("id", LB_PATH + "/" + collection + "/" + name).put("etag", etag)
            .put("type", "Microsoft.Network/loadBalancers/" + collection);
        child.putObject("properties").put("provisioningState", "Succeeded");
        return child;
    }
}
