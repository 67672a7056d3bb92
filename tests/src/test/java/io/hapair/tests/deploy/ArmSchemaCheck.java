package io.hapair.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every resource of an ARM template against the Azure SDK's model of its type: the apiVersion must
 * be one an SDK release was generated for, and every property of the resource (under properties and
 * nested) must be a serialized name of that version's request body model. What only exists at
 * deployment (a reference() to another resource) is text after evaluation and not followed.
 */
final class ArmSchemaCheck {

    // Template syntax around a resource, not part of the request body (the name goes into the request's path).
    private static final Set<String> TEMPLATE_KEYS = Set.of("type", "apiVersion", "name", "dependsOn", "copy",
        "condition", "comments", "resources", "scope");

    private ArmSchemaCheck() {
    }

    /**
     * One line per problem with the resource and property path; empty when every resource fits its
     * model. The template is evaluated first (with the sample parameters), so that properties built in
     * variables and copy loops are checked where they end up.
     */
    static List<String> findings(Path template) throws IOException {
        ArmTemplate arm = ArmTemplate.withParameters(ArmTemplate.read(template), ArmTemplateTest.requiredParameters());
        Set<String> findings = new LinkedHashSet<>();
        AzureSdkModels sdk = AzureSdkModels.load();
        for (ArmTemplate.Resource resource : arm.resources()) {
            check(resource.evaluated(), "", sdk, findings);
        }
        return new ArrayList<>(findings);
    }

    private static void check(JsonNode resource, String parentType, AzureSdkModels sdk, Set<String> findings) {
        String declared = resource.path("type").asText();
        String type = parentType.isEmpty() || declared.contains("/") ? declared : parentType + "/" + declared;
        String apiVersion = resource.path("apiVersion").asText();
        String where = type + " " + resource.path("name").asText();
        Map<String, AzureSdkModels.Model> versions = sdk.versions(type);
        if (versions.isEmpty()) {
            findings.add(where + ": no installed Azure SDK package knows the type " + type
                + " (add its @azure/arm-* release to tests/deploy-tools/package.json)");
        } else if (!versions.containsKey(apiVersion)) {
            findings.add(where + ": apiVersion " + apiVersion + " is not an API version of " + type
                + " in the Azure SDK; known: " + versions.keySet()
                + " (for another, add the @azure/arm-* release generated for it to tests/deploy-tools/package.json)");
        } else {
            AzureSdkModels.Model model = versions.get(apiVersion);
            ObjectNode body = resource.deepCopy();
            TEMPLATE_KEYS.forEach(body::remove);
            checkObject(body, model.bodyClass(), model, where, "", findings);
        }
        resource.path("resources").forEach(child -> check(child, type, sdk, findings));
    }

    /** A JSON object against a composite model: its properties by serialized name, dots meaning nesting. */
    private static void checkObject(JsonNode value, String className, AzureSdkModels.Model model, String where,
                                    String path, Set<String> findings) {
        JsonNode mapper = model.mappers().path(className);
        if (mapper.isMissingNode()) {
            throw new AssertionError(model.source() + " has no mapper " + className);
        }
        Node tree = new Node();
        mapper.path("type").path("modelProperties").forEach(property -> {
            Node node = tree;
            for (String segment : property.path("serializedName").asText().split("(?<!\\\\)\\.")) {
                node = node.children.computeIfAbsent(segment.replace("\\.", "."), k -> new Node());
            }
            node.type = property.path("type");
        });
        checkTree(value, tree, model, where, path, findings);
    }

    private static void checkTree(JsonNode value, Node tree, AzureSdkModels.Model model, String where, String path,
                                  Set<String> findings) {
        if (!value.isObject()) {
            return;
        }
        value.fields().forEachRemaining(field -> {
            String name = field.getKey();
            JsonNode child = field.getValue();
            Node node = tree.children.get(name);
            if (node == null) {
                findings.add(where + ": unknown property " + join(path, name) + " (" + model.source() + " knows "
                    + tree.children.keySet() + ")");
            } else if (node.type != null) {
                checkValue(child, node.type, model, where, join(path, name), findings);
            } else {
                checkTree(child, node, model, where, join(path, name), findings);
            }
        });
    }

    private static void checkValue(JsonNode value, JsonNode type, AzureSdkModels.Model model, String where,
                                   String path, Set<String> findings) {
        switch (type.path("name").asText()) {
            case "Composite" -> {
                if (value.isObject()) {
                    checkObject(value, type.path("className").asText(), model, where, path, findings);
                }
            }
            case "Sequence" -> {
                if (value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        checkValue(value.get(i), type.path("element").path("type"), model, where, path + "[" + i + "]",
                            findings);
                    }
                }
            }
            case "Dictionary" -> {
                if (value.isObject()) {
                    value.fields().forEachRemaining(e -> checkValue(e.getValue(), type.path("value").path("type"), model,
                        where, join(path, e.getKey()), findings));
                }
            }
            default -> {
                // A primitive or free-form value: its name was all there was to check.
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Serialized names split at their dots: properties.x and properties.y share the node properties. */
    private static final class Node {
        private final Map<String, Node> children = new LinkedHashMap<>();
        private JsonNode type;
    }
}
