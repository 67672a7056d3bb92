package io.hapair.node.cli;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --provider azure} flags; each one sets the {@code azure.*} key of the same name in the
 * topology file, and wins over it. Another provider adds its own flags class next to this one.
 */
final class AzureFlags {

    final Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--subscription", paramLabel = "ID", description = "Azure subscription ID; default: the one `az "
        + "account show` names, i.e. the one `az login` selected (azure.subscription)")
    void subscription(String value) {
        settings.put("azure.subscription", value);
    }

    @Option(names = "--resource-group", paramLabel = "NAME", description = "resource group of the load balancer "
        + "(azure.resourceGroup)")
    void resourceGroup(String value) {
        settings.put("azure.resourceGroup", value);
    }

    @Option(names = "--load-balancer", paramLabel = "NAME", description = "the internal load balancer "
        + "(azure.loadBalancer)")
    void loadBalancer(String value) {
        settings.put("azure.loadBalancer", value);
    }

    @Option(names = "--node1-nic", paramLabel = "NAME|ID", description = "node 1's network interface (azure.node1Nic)")
    void node1Nic(String value) {
        settings.put("azure.node1Nic", value);
    }

    @Option(names = "--node2-nic", paramLabel = "NAME|ID", description = "node 2's network interface (azure.node2Nic)")
    void node2Nic(String value) {
        settings.put("azure.node2Nic", value);
    }

    @Option(names = "--network-security-group", paramLabel = "NAME|ID", description = "NSG guarding the nodes; "
        + "default: the one on node 1's NIC (azure.networkSecurityGroup)")
    void securityGroup(String value) {
        settings.put("azure.networkSecurityGroup", value);
    }

    @Option(names = "--frontend", paramLabel = "NAME", description = "frontend IP configuration the rules use, when "
        + "the balancer has several (azure.frontend)")
    void frontend(String value) {
        settings.put("azure.frontend", value);
    }

    @Option(names = "--arm-endpoint", paramLabel = "URL", description = "Azure Resource Manager URL; default "
        + "https://management.azure.com (azure.armEndpoint)")
    void armEndpoint(String value) {
        settings.put("azure.armEndpoint", value);
    }

    @Option(names = "--create-load-balancer", description = "create the balancer if it does not exist "
        + "(azure.createLoadBalancer)")
    void create(boolean value) {
        settings.put("azure.createLoadBalancer", Boolean.toString(value));
    }

    @Option(names = "--frontend-subnet", paramLabel = "ID", description = "subnet of a new internal balancer's "
        + "frontend (azure.frontendSubnet)")
    void frontendSubnet(String value) {
        settings.put("azure.frontendSubnet", value);
    }

    @Option(names = "--frontend-private-ip", paramLabel = "ADDRESS", description = "static frontend address of a new "
        + "balancer; default: dynamic (azure.frontendPrivateIp)")
    void frontendPrivateIp(String value) {
        settings.put("azure.frontendPrivateIp", value);
    }

    @Option(names = "--frontend-public-ip", paramLabel = "ID", description = "Standard public IP for a new public "
        + "balancer instead of a subnet (azure.frontendPublicIp)")
    void frontendPublicIp(String value) {
        settings.put("azure.frontendPublicIp", value);
    }
}
