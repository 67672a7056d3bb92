package io.hapair.tests.deploy;

import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.ComputedTuple;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.ForConditional;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.ForSource;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Function;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.GroupedExpression;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Operator;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.StringInterpolatedExpression;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Variable;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.VariableTree;
import com.bertramlabs.plugins.hcl4j.symbols.HCLArray;
import com.bertramlabs.plugins.hcl4j.symbols.HCLAttribute;
import com.bertramlabs.plugins.hcl4j.symbols.HCLBlock;
import com.bertramlabs.plugins.hcl4j.symbols.HCLValue;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Evaluates a {@link TerraformModule}'s expressions for given variable values, the way Terraform
 * would for the functions and operators these modules use. A reference to another resource's
 * attribute stays a {@link Ref}, as its value exists only after apply. Anything it does not know
 * fails, so a module change that needs more shows up here instead of passing unchecked.
 */
final class TerraformValues {

    /** A reference to a resource (or data source) instance's attribute: known only after apply. */
    record Ref(String type, String name, Object key, String attribute) {
        Ref attribute(String more) {
            return new Ref(type, name, key, attribute.isEmpty() ? more : attribute + "." + more);
        }
    }

    private final TerraformModule module;
    private final Map<String, Object> variables = new HashMap<>();
    private final Map<String, Object> locals = new HashMap<>();
    private final Set<String> evaluatingLocals = new HashSet<>();

    TerraformValues(TerraformModule module, Map<String, Object> supplied) {
        this.module = module;
        module.variables().forEach((name, block) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> declaration = (Map<String, Object>) block;
            if (supplied.containsKey(name)) {
                variables.put(name, supplied.get(name));
            } else if (declaration.containsKey("default")) {
                variables.put(name, evaluate(declaration.get("default"), Map.of()));
            }
        });
        supplied.keySet().stream().filter(name -> !module.variables().containsKey(name)).findFirst().ifPresent(name -> {
            throw new AssertionError("the module declares no variable " + name);
        });
    }

    Object variable(String name) {
        if (!variables.containsKey(name)) {
            throw new AssertionError("variable " + name + " has no default and was not supplied");
        }
        return variables.get(name);
    }

    Object local(String name) {
        if (locals.containsKey(name)) {
            return locals.get(name);
        }
        if (!module.locals().containsKey(name)) {
            throw new AssertionError("local." + name + " is not declared");
        }
        if (!evaluatingLocals.add(name)) {
            throw new AssertionError("local." + name + " refers to itself");
        }
        Object value = evaluate(module.locals().get(name), Map.of());
        evaluatingLocals.remove(name);
        locals.put(name, value);
        return value;
    }

    /** An output's value. */
    Object output(String name) {
        Object block = module.outputs().get(name);
        if (block == null) {
            throw new AssertionError("the module declares no output " + name);
        }
        return evaluate(cast(block).get("value"), Map.of());
    }

    /** Instances of a resource: key (each.key, count index, or "" for one) to its evaluated arguments. */
    Map<Object, Map<String, Object>> instances(String type, String name) {
        Map<String, Object> block = module.resource(type, name);
        Map<Object, Map<String, Object>> instances = new LinkedHashMap<>();
        if (block.containsKey("for_each")) {
            Object forEach = evaluate(block.get("for_each"), Map.of());
            entries(forEach).forEach((key, value) -> instances.put(key,
                evaluateBlock(block, Map.of("each", Map.of("key", key, "value", value)))));
        } else if (block.containsKey("count")) {
            long count = longValue(evaluate(block.get("count"), Map.of()));
            for (long i = 0; i < count; i++) {
                instances.put(i, evaluateBlock(block, Map.of("count", Map.of("index", i))));
            }
        } else {
            instances.put("", evaluateBlock(block, Map.of()));
        }
        return instances;
    }

    /** One block's arguments; nested blocks become maps, dynamic blocks lists of their contents. */
    @SuppressWarnings("unchecked")
    Map<String, Object> evaluateBlock(Map<String, Object> block, Map<String, Object> scope) {
        Map<String, Object> out = new LinkedHashMap<>();
        block.forEach((key, value) -> {
            if (key.equals("for_each") || key.equals("count") || key.equals("lifecycle") || key.equals("depends_on")) {
                return;
            }
            if (key.equals("dynamic")) {
                ((Map<String, Object>) value).forEach((blockName, dynamic) -> {
                    Map<String, Object> d = (Map<String, Object>) dynamic;
                    List<Object> contents = new ArrayList<>();
                    entries(evaluate(d.get("for_each"), scope)).forEach((k, v) -> {
                        Map<String, Object> inner = new HashMap<>(scope);
                        inner.put(blockName, Map.of("key", k, "value", v));
                        contents.add(evaluateBlock((Map<String, Object>) d.get("content"), inner));
                    });
                    out.put(blockName, contents);
                });
            } else if (value instanceof Map<?, ?> nested && !(value instanceof TerraformModule.Marked)) {
                out.put(key, evaluateBlock((Map<String, Object>) nested, scope));
            } else {
                out.put(key, evaluate(value, scope));
            }
        });
        return out;
    }

    /** Evaluates a value from hcl4j's output (literal, expression or marked text) in a scope of names. */
    Object evaluate(Object node, Map<String, Object> scope) {
        if (node == null || node instanceof Boolean) {
            return node;
        }
        if (node instanceof Number n) {
            return toNumber(n);
        }
        if (node instanceof TerraformModule.Marked marked) {
            return symbol(marked.expression().symbol(), scope);
        }
        if (node instanceof String text) {
            return unmark(text, scope);
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(evaluate(item, scope)));
            return out;
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), evaluate(v, scope)));
            return out;
        }
        if (node instanceof Symbol symbol) {
            return symbol(symbol, scope);
        }
        throw new AssertionError("cannot evaluate " + node.getClass().getSimpleName() + ": " + node);
    }

    private String unmark(String text, Map<String, Object> scope) {
        Matcher marker = TerraformModule.MARKER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (marker.find()) {
            marker.appendReplacement(out, Matcher.quoteReplacement(
                asString(symbol(module.symbol(marker.group(1)), scope))));
        }
        marker.appendTail(out);
        return out.toString();
    }

    private Object symbol(Symbol symbol, Map<String, Object> scope) {
        if (symbol instanceof HCLValue value) {
            return literal(value);
        }
        if (symbol instanceof VariableTree tree) {
            return traverse(tree, scope);
        }
        if (symbol instanceof Function function) {
            List<Object> args = new ArrayList<>();
            children(function).forEach(arg -> args.add(symbol(arg, scope)));
            return TerraformFunctions.call(function.getName(), args);
        }
        if (symbol instanceof StringInterpolatedExpression template) {
            StringBuilder out = new StringBuilder();
            children(template).stream().filter(part -> !(part instanceof Operator))
                .forEach(part -> out.append(asString(symbol(part, scope))));
            return out.toString();
        }
        if (symbol instanceof ComputedTuple tuple) {
            return forTuple(tuple, scope);
        }
        if (symbol instanceof HCLBlock object) {
            Map<String, Object> out = new LinkedHashMap<>();
            children(object).forEach(attribute -> out.put(attribute.getName(), sequence(children(attribute), scope)));
            return out;
        }
        if (symbol instanceof HCLArray array) {
            List<Object> out = new ArrayList<>();
            children(array).forEach(item -> out.add(symbol(item, scope)));
            return out;
        }
        if (symbol instanceof GroupedExpression group) {
            return sequence(children(group), scope);
        }
        if (symbol instanceof HCLAttribute attribute) {
            return sequence(children(attribute), scope);
        }
        throw new AssertionError("cannot evaluate " + symbol.getClass().getSimpleName() + " " + symbol.getName());
    }

    private static Object literal(HCLValue value) {
        if (value.value == null || "null".equals(value.type)) {
            return null;
        }
        return switch (value.type) {
            case "number" -> toNumber(Double.parseDouble(value.value.toString()));
            case "boolean" -> Boolean.valueOf(value.value.toString());
            default -> value.value.toString();
        };
    }

    /** a.b[c].d: var, local, each, count, path, for-expression names, data sources and resources. */
    private Object traverse(VariableTree tree, Map<String, Object> scope) {
        List<Symbol> steps = children(tree);
        String root = steps.get(0).getName();
        int next = 1;
        Object value;
        if (scope.containsKey(root)) {
            value = scope.get(root);
        } else if (root.equals("var")) {
            value = variable(steps.get(next++).getName());
        } else if (root.equals("local")) {
            value = local(steps.get(next++).getName());
        } else if (root.equals("path")) {
            next++;
            value = module.dir().toString();
        } else if (root.equals("data")) {
            value = new Ref("data." + steps.get(next).getName(), steps.get(next + 1).getName(), "", "");
            next += 2;
        } else if (module.resources().containsKey(root)) {
            value = new Ref(root, steps.get(next++).getName(), "", "");
        } else {
            throw new AssertionError("unknown name '" + root + "' in " + tree.getName());
        }
        for (int i = next; i < steps.size(); i++) {
            Symbol step = steps.get(i);
            if (step instanceof HCLArray index) {
                Object key = sequence(children(index), scope);
                value = value instanceof Ref ref && ref.attribute().isEmpty() && Objects.equals(ref.key(), "")
                    ? new Ref(ref.type(), ref.name(), key, "") : index(value, key, tree);
            } else if (step instanceof Variable attribute) {
                value = value instanceof Ref ref ? ref.attribute(attribute.getName())
                    : index(value, attribute.getName(), tree);
            } else {
                throw new AssertionError("cannot traverse " + step.getClass().getSimpleName() + " in " + tree.getName());
            }
        }
        return value;
    }

    private static Object index(Object value, Object key, VariableTree where) {
        if (value instanceof Ref ref) {
            return ref.attribute("[" + key + "]");
        }
        if (value instanceof Map<?, ?> map && map.containsKey(key.toString())) {
            return map.get(key.toString());
        }
        if (value instanceof List<?> list && key instanceof Long i && i < list.size()) {
            return list.get(i.intValue());
        }
        throw new AssertionError("no [" + key + "] in " + where.getName() + " (value " + value + ")");
    }

    /** [for x in source : body if condition] and [for i, x in ...]. */
    private Object forTuple(ComputedTuple tuple, Map<String, Object> scope) {
        List<Symbol> parts = children(tuple);
        List<Symbol> body = new ArrayList<>();
        List<Symbol> condition = new ArrayList<>();
        boolean afterSource = false;
        for (Symbol part : parts.subList(1, parts.size())) {
            if (part instanceof ForSource) {
                afterSource = true;
            } else if (part instanceof ForConditional conditional) {
                condition.addAll(children(conditional));
            } else if (afterSource) {
                body.add(part);
            }
        }
        List<String> names = tuple.getVariables().stream().map(Variable::getName).toList();
        List<Object> out = new ArrayList<>();
        entries(instancesOf(symbol(parts.get(0), scope))).forEach((key, value) -> {
            Map<String, Object> inner = new HashMap<>(scope);
            if (names.size() == 2) {
                inner.put(names.get(0), key);
            }
            inner.put(names.get(names.size() - 1), value);
            if (condition.isEmpty() || Boolean.TRUE.equals(sequence(condition, inner))) {
                out.add(sequence(body, inner));
            }
        });
        return out;
    }

    /** A flat run of operands and operators as hcl4j leaves them: a ? b : c, ==, !=, +, -. */
    private Object sequence(List<Symbol> symbols, Map<String, Object> scope) {
        int question = indexOf(symbols, "?");
        if (question >= 0) {
            int colon = indexOf(symbols, ":");
            Object condition = sequence(symbols.subList(0, question), scope);
            return Boolean.TRUE.equals(condition) ? sequence(symbols.subList(question + 1, colon), scope)
                : sequence(symbols.subList(colon + 1, symbols.size()), scope);
        }
        for (String comparison : List.of("==", "!=")) {
            int at = indexOf(symbols, comparison);
            if (at >= 0) {
                boolean equal = Objects.equals(sequence(symbols.subList(0, at), scope),
                    sequence(symbols.subList(at + 1, symbols.size()), scope));
                return comparison.equals("==") == equal;
            }
        }
        Object value = symbol(symbols.get(0), scope);
        for (int i = 1; i < symbols.size(); i += 2) {
            String operator = symbols.get(i).getName();
            long right = longValue(symbol(symbols.get(i + 1), scope));
            value = switch (operator) {
                case "+" -> longValue(value) + right;
                case "-" -> longValue(value) - right;
                default -> throw new AssertionError("operator " + operator + " is not known to this test");
            };
        }
        return value;
    }

    private static int indexOf(List<Symbol> symbols, String operator) {
        for (int i = 0; i < symbols.size(); i++) {
            if (symbols.get(i) instanceof Operator && operator.equals(symbols.get(i).getName())) {
                return i;
            }
        }
        return -1;
    }

    /** A whole counted or for_each resource as a map of references to its instances. */
    private Object instancesOf(Object value) {
        if (value instanceof Ref ref && ref.attribute().isEmpty() && Objects.equals(ref.key(), "")) {
            Map<Object, Object> refs = new LinkedHashMap<>();
            instances(ref.type(), ref.name()).keySet().forEach(key -> refs.put(key, new Ref(ref.type(), ref.name(), key, "")));
            return refs;
        }
        return value;
    }

    /** The (key, value) pairs for_each and for expressions iterate: list index or map key. */
    static Map<Object, Object> entries(Object collection) {
        Map<Object, Object> entries = new LinkedHashMap<>();
        if (collection instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                entries.put((long) i, list.get(i));
            }
        } else if (collection instanceof Map<?, ?> map) {
            map.forEach(entries::put);
        } else if (collection != null) {
            throw new AssertionError("cannot iterate over " + collection);
        }
        return entries;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    static String text(Object value) {
        return value == null ? null : asString(value);
    }

    static List<String> texts(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> out.add(asString(item)));
        }
        return out;
    }

    static int number(Object value) {
        return (int) longValue(value);
    }

    static long longValue(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            return Long.parseLong(s);
        }
        throw new AssertionError("not a number: " + value);
    }

    static String asString(Object value) {
        if (value instanceof Ref ref) {
            String key = Objects.equals(ref.key(), "") ? "" : "[" + ref.key() + "]";
            return "${" + ref.type() + "." + ref.name() + key + "." + ref.attribute() + "}";
        }
        return String.valueOf(value);
    }

    private static Object toNumber(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) ? (Object) (long) d : (Object) d;
    }

    private static List<Symbol> children(Symbol symbol) {
        return symbol.getChildren() == null ? List.of() : symbol.getChildren();
    }
}
