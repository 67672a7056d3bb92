package io.hapair.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * azuredeploy.json as ARM would see it for one set of parameter values: parameters with their
 * defaults, variables (with copy loops) and resources (one per copy index), all expressions
 * evaluated by {@link ArmExpression}.
 */
final class ArmTemplate {

    /** One resource instance: its copy index (0 without a loop), evaluated id and evaluated JSON. */
    record Resource(String type, String id, int copyIndex, JsonNode definition, JsonNode evaluated) {

        JsonNode properties() {
            return evaluated.path("properties");
        }
    }

    private static final Pattern PARAMETER_REF = Pattern.compile("parameters\\('([^']*)'\\)");
    private static final Pattern VARIABLE_REF = Pattern.compile("variables\\('([^']*)'\\)");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JsonNode template;
    private final Map<String, JsonNode> parameterValues;
    private final Map<String, JsonNode> variableValues = new HashMap<>();
    private final Set<String> evaluatingVariables = new HashSet<>();
    private final Set<String> referencedIds = new LinkedHashSet<>();

    private ArmTemplate(JsonNode template, Map<String, JsonNode> supplied) {
        this.template = template;
        this.parameterValues = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("parameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> parameter = it.next();
            JsonNode value = supplied.get(parameter.getKey());
            if (value == null) {
                JsonNode fallback = parameter.getValue().get("defaultValue");
                if (fallback == null) {
                    throw new IllegalArgumentException("parameter " + parameter.getKey() + " has no default: supply it");
                }
                value = evaluate(fallback, new LoopScope(Map.of()));
            }
            parameterValues.put(parameter.getKey(), value);
        }
    }

    static JsonNode read(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** The template with the given parameter values over the defaults. */
    static ArmTemplate withParameters(JsonNode template, Map<String, JsonNode> supplied) {
        return new ArmTemplate(template, supplied);
    }

    /** The values of an azuredeploy.parameters.json file. */
    static Map<String, JsonNode> parameterFileValues(JsonNode parameterFile) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        parameterFile.path("parameters").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().get("value")));
        return values;
    }

    JsonNode parameter(String name) {
        return parameterValues.get(name);
    }

    JsonNode variable(String name) {
        return new LoopScope(Map.of()).variable(name);
    }

    /** Every resource instance, copy loops expanded, conditions ignored (a dependsOn may name a conditional one). */
    List<Resource> resources() {
        List<Resource> resources = new ArrayList<>();
        for (JsonNode definition : template.path("resources")) {
            int count = 1;
            JsonNode copy = definition.get("copy");
            if (copy != null) {
                count = evaluate(copy.get("count"), new LoopScope(Map.of())).asInt();
            }
            for (int i = 0; i < count; i++) {
                LoopScope scope = new LoopScope(Map.of("", i));
                JsonNode evaluated = evaluate(definition, scope);
                String type = definition.get("type").asText();
                resources.add(new Resource(type, resourceId(type, evaluated.get("name").asText()), i, definition,
                    evaluated));
            }
        }
        return resources;
    }

    List<Resource> resources(String type) {
        return resources().stream().filter(resource -> resource.type().equalsIgnoreCase(type)).toList();
    }

    /** The evaluated dependsOn entries of one resource instance. */
    List<String> dependsOn(Resource resource) {
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : resource.definition().path("dependsOn")) {
            ids.add(evaluate(entry, new LoopScope(Map.of("", resource.copyIndex()))).asText());
        }
        return ids;
    }

    /** The resource ids that reference() calls named in the outputs. */
    Set<String> outputReferences() {
        evaluate(template.path("outputs"), new LoopScope(Map.of()));
        return referencedIds;
    }

    JsonNode output(String name) {
        return evaluate(template.path("outputs").path(name).path("value"), new LoopScope(Map.of()));
    }

    /** Every name used in parameters('x') anywhere in the template. */
    Set<String> parameterReferences() {
        return references(PARAMETER_REF);
    }

    /** Every name used in variables('x') anywhere in the template. */
    Set<String> variableReferences() {
        return references(VARIABLE_REF);
    }

    /** Declared variable names, including those a variable copy loop defines. */
    Set<String> declaredVariables() {
        Set<String> names = new LinkedHashSet<>();
        template.path("variables").fieldNames().forEachRemaining(names::add);
        names.remove("copy");
        template.path("variables").path("copy").forEach(loop -> names.add(loop.get("name").asText()));
        return names;
    }

    Set<String> declaredParameters() {
        Set<String> names = new LinkedHashSet<>();
        template.path("parameters").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private Set<String> references(Pattern pattern) {
        Set<String> names = new LinkedHashSet<>();
        collectStrings(template, text -> {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        });
        return names;
    }

    private static void collectStrings(JsonNode node, java.util.function.Consumer<String> sink) {
        if (node.isTextual()) {
            sink.accept(node.asText());
        }
        node.forEach(child -> collectStrings(child, sink));
    }

    /** The id ARM gives a resource of this type and (slash-separated) name in the deployment's group. */
    static String resourceId(String type, String name) {
        List<String> args = new ArrayList<>();
        args.add(type);
        args.addAll(List.of(name.split("/")));
        return ArmExpression.resourceId(args);
    }

    private JsonNode evaluate(JsonNode node, LoopScope scope) {
        if (node.isTextual() && ArmExpression.isExpression(node.asText())) {
            return ArmExpression.evaluate(node.asText(), scope);
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode();
            node.forEach(item -> out.add(evaluate(item, scope)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JSON.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("copy") && field.getValue().isArray()) {
                    // A property copy loop: each entry builds the array property it names.
                    for (JsonNode loop : field.getValue()) {
                        out.set(loop.get("name").asText(), copyLoop(loop, scope));
                    }
                } else {
                    out.set(field.getKey(), evaluate(field.getValue(), scope));
                }
            }
            return out;
        }
        return node;
    }

    private ArrayNode copyLoop(JsonNode loop, LoopScope scope) {
        String name = loop.get("name").asText();
        int count = evaluate(loop.get("count"), scope).asInt();
        ArrayNode items = JSON.arrayNode();
        for (int i = 0; i < count; i++) {
            items.add(evaluate(loop.get("input"), scope.with(name, i)));
        }
        return items;
    }

    /** Copy indexes in effect; variables are evaluated outside any resource loop, once. */
    private final class LoopScope implements ArmExpression.Scope {
        private final Map<String, Integer> indexes;

        LoopScope(Map<String, Integer> indexes) {
            this.indexes = indexes;
        }

        LoopScope with(String loop, int index) {
            Map<String, Integer> more = new HashMap<>(indexes);
            more.put(loop, index);
            return new LoopScope(more);
        }

        @Override
        public JsonNode parameter(String name) {
            JsonNode value = parameterValues.get(name);
            if (value == null) {
                throw new IllegalStateException("parameters('" + name + "') is not declared");
            }
            return value;
        }

        @Override
        public JsonNode variable(String name) {
            JsonNode cached = variableValues.get(name);
            if (cached != null) {
                return cached;
            }
            if (!evaluatingVariables.add(name)) {
                throw new IllegalStateException("variables('" + name + "') refers to itself");
            }
            JsonNode variables = template.path("variables");
            JsonNode value = null;
            if (variables.has(name) && !name.equals("copy")) {
                value = evaluate(variables.get(name), new LoopScope(Map.of()));
            } else {
                for (JsonNode loop : variables.path("copy")) {
                    if (loop.get("name").asText().equals(name)) {
                        value = copyLoop(loop, new LoopScope(Map.of()));
                    }
                }
            }
            evaluatingVariables.remove(name);
            if (value == null) {
                throw new IllegalStateException("variables('" + name + "') is not declared");
            }
            variableValues.put(name, value);
            return value;
        }

        @Override
        public int copyIndex(String loop) {
            Integer index = indexes.get(loop);
            if (index == null) {
                throw new IllegalStateException("copyIndex('" + loop + "') outside that copy loop");
            }
            return index;
        }

        @Override
        public void referenced(String resourceId) {
            referencedIds.add(resourceId);
        }
    }
}
