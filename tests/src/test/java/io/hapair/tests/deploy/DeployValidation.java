package io.hapair.tests.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks by real tools, for the deploy files under one repository root (the repository itself,
 * or a scratch copy with an edit): Terraform blocks against the provider schemas, ARM resources
 * against the Azure SDK, the rendered cloud-init with its units and scripts, every shell script.
 */
final class DeployValidation {

    private final Path root;
    private final Path scratch;

    DeployValidation(Path root, Path scratch) {
        this.root = root;
        this.scratch = scratch;
    }

    /** Every *.tf and *.hcl under terraform/ parsed by HCL's own parser, resource blocks against the schemas. */
    List<String> terraform() {
        return TerraformSchemaCheck.findings(root, HclFiles.parseTree(root.resolve("terraform")));
    }

    List<String> armTemplate() throws IOException {
        return ArmSchemaCheck.findings(root.resolve("arm-templates/azuredeploy.json"));
    }

    /**
     * The user data as the ARM template and the AWS module render it, through cloud-init's tools.
     * Node 1's of each: the two nodes' documents differ only in values, which NodeUserDataTest has
     * the node's own config loader read for both.
     */
    List<String> cloudInit() throws Exception {
        List<String> findings = new ArrayList<>();
        userData().forEach((label, text) -> {
            if (label.endsWith("node 1")) {
                findings.addAll(CloudInitCheck.findings(label, text, scratch));
            }
        });
        return findings;
    }

    List<String> shellScripts() {
        return ShellScripts.shellcheck(ShellScripts.under(root)).stream()
            .map(line -> line.startsWith(root + "/") ? line.substring(root.toString().length() + 1) : line).toList();
    }

    /** Label -> rendered user data, the way the deployments render the shared template. */
    Map<String, String> userData() throws Exception {
        Map<String, String> rendered = new LinkedHashMap<>();
        ArmTemplate arm = ArmTemplate.withParameters(ArmTemplate.read(root.resolve("arm-templates/azuredeploy.json")),
            ArmTemplateTest.requiredParameters());
        List<CloudInitDocument> armNodes = NodeUserDataTest.armNodes(arm, Map.of());
        for (int i = 0; i < armNodes.size(); i++) {
            rendered.put("arm-templates/azuredeploy.json node " + (i + 1), armNodes.get(i).text());
        }
        TerraformValues aws = new TerraformValues(TerraformModule.parse(root.resolve("terraform/modules/aws-ha-pair")),
            AwsTerraformModuleTest.requiredVariables());
        List<CloudInitDocument> awsNodes = NodeUserDataTest.awsModuleNodes(aws, Map.of());
        for (int i = 0; i < awsNodes.size(); i++) {
            rendered.put("terraform/modules/aws-ha-pair node " + (i + 1), awsNodes.get(i).text());
        }
        return rendered;
    }
}
