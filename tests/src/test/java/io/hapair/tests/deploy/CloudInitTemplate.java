package io.hapair.tests.deploy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders terraform/cloud-init/hanode.cloud-init.tftpl as Terraform's templatefile() does for the
 * only template syntax it may use: ${name}. Directives (%{...}) and escapes ($${) are refused,
 * because the ARM template fills in the same file with plain replace() calls, which know neither.
 */
final class CloudInitTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private CloudInitTemplate() {
    }

    static String render(String template, Map<String, String> values) {
        if (template.contains("%{") || template.contains("$${")) {
            throw new AssertionError("the cloud-init template uses %{ or $${, which the ARM template cannot render");
        }
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            if (!name.matches("[a-z0-9_]+")) {
                throw new AssertionError("the cloud-init template has ${" + name + "}: only plain names are allowed");
            }
            String value = values.get(name);
            if (value == null) {
                throw new AssertionError("the cloud-init template needs ${" + name + "}, which the caller does not pass");
            }
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(out);
        return out.toString();
    }
}
