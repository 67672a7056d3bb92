package io.hapair.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and evaluates one ARM template expression ({@code [format('{0}-nic', parameters('x'))]})
 * for the functions azuredeploy.json uses. A function it does not know fails the evaluation, so a
 * template change that needs a new one shows up here instead of passing unchecked.
 * {@code reference()} has no value before deployment: it evaluates to the text of the reference.
 */
final class ArmExpression {

    /** What an expression can look up: parameters, variables, copy indexes and resource references. */
    interface Scope {
        JsonNode parameter(String name);

        JsonNode variable(String name);

        /** The index of the named copy loop, or of the resource's own loop for the empty name. */
        int copyIndex(String loop);

        /** Records a {@code reference()} target so that a test can check it names a declared resource. */
        void referenced(String resourceId);
    }

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final String RESOURCE_GROUP = "rg-hapair";
    static final String LOCATION = "westeurope";
    static final String TENANT = "11111111-1111-1111-1111-111111111111";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern FORMAT_ITEM = Pattern.compile("\\{(\\d+)}");

    private final String text;
    private final Scope scope;
    private int pos;

    private ArmExpression(String text, Scope scope) {
        this.text = text;
        this.scope = scope;
    }

    /** True for a JSON string that ARM treats as an expression ("[[" escapes a literal bracket). */
    static boolean isExpression(String value) {
        return value.length() >= 2 && value.startsWith("[") && value.endsWith("]") && !value.startsWith("[[");
    }

    /** Evaluates {@code [expression]}. */
    static JsonNode evaluate(String bracketed, Scope scope) {
        ArmExpression parser = new ArmExpression(bracketed.substring(1, bracketed.length() - 1), scope);
        JsonNode value = parser.expression();
        parser.skipSpace();
        if (parser.pos != parser.text.length()) {
            throw parser.error("unexpected text");
        }
        return value;
    }

    private JsonNode expression() {
        skipSpace();
        JsonNode value;
        char c = peek();
        if (c == '\'') {
            value = TextNode.valueOf(stringLiteral());
        } else if (c == '-' || Character.isDigit(c)) {
            int start = pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            value = JSON.numberNode(Long.parseLong(text.substring(start, pos)));
        } else {
            String name = identifier();
            expect('(');
            List<JsonNode> args = new ArrayList<>();
            skipSpace();
            if (peek() != ')') {
                do {
                    args.add(expression());
                    skipSpace();
                } while (accept(','));
            }
            expect(')');
            value = call(name.toLowerCase(Locale.ROOT), args);
        }
        return accessors(value);
    }

    private JsonNode accessors(JsonNode value) {
        while (true) {
            skipSpace();
            if (accept('.')) {
                String property = identifier();
                value = value.isTextual() && value.asText().startsWith("reference(")
                    ? TextNode.valueOf(value.asText() + "." + property) : require(value.get(property), property);
            } else if (accept('[')) {
                JsonNode index = expression();
                skipSpace();
                expect(']');
                if (value.isTextual() && value.asText().startsWith("reference(")) {
                    value = TextNode.valueOf(value.asText() + "[" + index.asText() + "]");
                } else {
                    value = require(index.isNumber() ? value.get(index.asInt()) : value.get(index.asText()),
                        index.asText());
                }
            } else {
                return value;
            }
        }
    }

    private JsonNode call(String name, List<JsonNode> args) {
        return switch (name) {
            case "parameters" -> scope.parameter(args.get(0).asText());
            case "variables" -> scope.variable(args.get(0).asText());
            case "copyindex" -> copyIndex(args);
            case "resourcegroup" -> JSON.objectNode().put("name", RESOURCE_GROUP).put("location", LOCATION)
                .put("id", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP);
            case "resourceid" -> TextNode.valueOf(resourceId(args.stream().map(JsonNode::asText).toList()));
            case "reference" -> {
                scope.referenced(args.get(0).asText());
                yield TextNode.valueOf("reference(" + args.get(0).asText() + ")");
            }
            case "format" -> TextNode.valueOf(format(args));
            case "concat" -> concat(args);
            case "createarray" -> JSON.arrayNode().addAll(args);
            case "createobject" -> {
                ObjectNode object = JSON.objectNode();
                for (int i = 0; i < args.size(); i += 2) {
                    object.set(args.get(i).asText(), args.get(i + 1));
                }
                yield object;
            }
            case "if" -> args.get(0).asBoolean() ? args.get(1) : args.get(2);
            case "equals" -> JSON.booleanNode(args.get(0).equals(args.get(1)));
            case "and" -> JSON.booleanNode(args.stream().allMatch(JsonNode::asBoolean));
            case "or" -> JSON.booleanNode(args.stream().anyMatch(JsonNode::asBoolean));
            case "not" -> JSON.booleanNode(!args.get(0).asBoolean());
            case "empty" -> JSON.booleanNode(args.get(0).isNull()
                || (args.get(0).isTextual() ? args.get(0).asText().isEmpty() : args.get(0).size() == 0));
            case "length" -> JSON.numberNode(args.get(0).isTextual() ? args.get(0).asText().length() : args.get(0).size());
            case "first" -> args.get(0).isTextual() ? TextNode.valueOf(args.get(0).asText().substring(0, 1))
                : args.get(0).get(0);
            case "tolower" -> TextNode.valueOf(args.get(0).asText().toLowerCase(Locale.ROOT));
            case "string" -> TextNode.valueOf(args.get(0).isTextual() ? args.get(0).asText() : args.get(0).toString());
            case "add" -> JSON.numberNode(args.get(0).asLong() + args.get(1).asLong());
            case "replace" -> TextNode.valueOf(args.get(0).asText().replace(args.get(1).asText(), args.get(2).asText()));
            case "base64" -> TextNode.valueOf(Base64.getEncoder().encodeToString(
                args.get(0).asText().getBytes(StandardCharsets.UTF_8)));
            case "json" -> json(args.get(0).asText());
            case "subscription" -> JSON.objectNode().put("subscriptionId", SUBSCRIPTION).put("tenantId", TENANT)
                .put("id", "/subscriptions/" + SUBSCRIPTION);
            case "subscriptionresourceid" -> TextNode.valueOf("/subscriptions/" + SUBSCRIPTION + "/providers/"
                + args.get(0).asText() + "/" + args.get(1).asText());
            // Stand-ins with ARM's shapes (13 lowercase characters; a GUID), deterministic in their inputs.
            case "uniquestring" -> TextNode.valueOf(UUID.nameUUIDFromBytes(joined(args)).toString().replace("-", "")
                .substring(0, 13));
            case "guid" -> TextNode.valueOf(UUID.nameUUIDFromBytes(joined(args)).toString());
            case "less" -> JSON.booleanNode(args.get(0).asLong() < args.get(1).asLong());
            case "greater" -> JSON.booleanNode(args.get(0).asLong() > args.get(1).asLong());
            case "contains" -> JSON.booleanNode(args.get(0).isTextual() ? args.get(0).asText().contains(args.get(1).asText())
                : containsElement(args.get(0), args.get(1)));
            case "startswith" -> JSON.booleanNode(args.get(0).asText().startsWith(args.get(1).asText()));
            case "union" -> {
                ArrayNode union = JSON.arrayNode();
                args.forEach(array -> array.forEach(item -> {
                    if (!containsElement(union, item)) {
                        union.add(item);
                    }
                }));
                yield union;
            }
            case "join" -> {
                List<String> items = new ArrayList<>();
                args.get(0).forEach(item -> items.add(item.asText()));
                yield TextNode.valueOf(String.join(args.get(1).asText(), items));
            }
            default -> throw error("function " + name + "() is not known to this test; teach ArmExpression it");
        };
    }

    private JsonNode copyIndex(List<JsonNode> args) {
        String loop = "";
        int offset = 0;
        for (JsonNode arg : args) {
            if (arg.isNumber()) {
                offset = arg.asInt();
            } else {
                loop = arg.asText();
            }
        }
        return JSON.numberNode(scope.copyIndex(loop) + offset);
    }

    /** resourceId([subscriptionId], [resourceGroupName], type, name1, name2...) as ARM builds it. */
    static String resourceId(List<String> args) {
        int typeAt = 0;
        while (!args.get(typeAt).contains("/")) {
            typeAt++;
        }
        String subscription = typeAt == 2 ? args.get(0) : SUBSCRIPTION;
        String group = typeAt >= 1 ? args.get(typeAt - 1) : RESOURCE_GROUP;
        String[] type = args.get(typeAt).split("/");
        StringBuilder id = new StringBuilder("/subscriptions/" + subscription + "/resourceGroups/" + group
            + "/providers/" + type[0]);
        for (int i = 1; i < type.length; i++) {
            id.append('/').append(type[i]).append('/').append(args.get(typeAt + i));
        }
        return id.toString();
    }

    private static String format(List<JsonNode> args) {
        Matcher items = FORMAT_ITEM.matcher(args.get(0).asText());
        StringBuilder out = new StringBuilder();
        while (items.find()) {
            JsonNode arg = args.get(Integer.parseInt(items.group(1)) + 1);
            items.appendReplacement(out, Matcher.quoteReplacement(arg.isTextual() ? arg.asText() : arg.toString()));
        }
        items.appendTail(out);
        return out.toString();
    }

    private static boolean containsElement(JsonNode array, JsonNode item) {
        for (JsonNode element : array) {
            if (element.equals(item)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] joined(List<JsonNode> args) {
        return String.join("|", args.stream().map(JsonNode::asText).toList()).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode concat(List<JsonNode> args) {
        if (args.stream().allMatch(JsonNode::isArray)) {
            ArrayNode joined = JSON.arrayNode();
            args.forEach(arg -> joined.addAll((ArrayNode) arg));
            return joined;
        }
        StringBuilder joined = new StringBuilder();
        args.forEach(arg -> joined.append(arg.asText()));
        return TextNode.valueOf(joined.toString());
    }

    private JsonNode json(String value) {
        try {
            return new ObjectMapper().readTree(value);
        } catch (Exception e) {
            throw error("json('" + value + "') is not JSON");
        }
    }

    private JsonNode require(JsonNode value, String what) {
        if (value == null) {
            throw error("no property or element '" + what + "'");
        }
        return value;
    }

    private String stringLiteral() {
        expect('\'');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    out.append('\'');
                    pos++;
                } else {
                    return out.toString();
                }
            } else {
                out.append(c);
            }
        }
    }

    private String identifier() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private boolean accept(char c) {
        skipSpace();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalStateException error(String message) {
        return new IllegalStateException(message + " at " + pos + " in [" + text + "]");
    }
}
