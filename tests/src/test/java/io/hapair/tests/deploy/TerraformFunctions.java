package io.hapair.tests.deploy;

import static io.hapair.tests.deploy.TerraformValues.asString;
import static io.hapair.tests.deploy.TerraformValues.longValue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapair.tests.deploy.TerraformValues.Ref;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The Terraform functions the modules use, as Terraform defines them; any other fails the evaluation. */
final class TerraformFunctions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TerraformFunctions() {
    }

    @SuppressWarnings("unchecked")
    static Object call(String name, List<Object> args) {
        return switch (name) {
            case "format" -> format(args);
            case "lower" -> asString(args.get(0)).toLowerCase(Locale.ROOT);
            case "upper" -> asString(args.get(0)).toUpperCase(Locale.ROOT);
            case "compact" -> ((List<Object>) args.get(0)).stream()
                    .filter(item -> item != null && !asString(item).isEmpty()).toList();
            case "keys" -> new ArrayList<Object>(((Map<String, Object>) args.get(0)).keySet());
            case "merge" -> {
                Map<String, Object> out = new LinkedHashMap<>();
                args.forEach(map -> out.putAll((Map<String, Object>) map));
                yield out;
            }
            case "setproduct" -> {
                List<Object> out = new ArrayList<>();
                for (Object first : (List<Object>) args.get(0)) {
                    for (Object second : (List<Object>) args.get(1)) {
                        out.add(List.of(first, second));
                    }
                }
                yield out;
            }
            case "tostring" -> args.get(0) instanceof Ref ? args.get(0) : asString(args.get(0));
            case "replace" -> asString(args.get(0)).replace(asString(args.get(1)), asString(args.get(2)));
            case "join" -> String.join(asString(args.get(0)),
                    ((List<Object>) args.get(1)).stream().map(TerraformValues::asString).toList());
            case "length" -> (long) (args.get(0) instanceof Map<?, ?> m ? m.size() : ((List<?>) args.get(0)).size());
            case "concat" -> {
                List<Object> out = new ArrayList<>();
                args.forEach(list -> out.addAll((List<Object>) list));
                yield out;
            }
            case "zipmap" -> {
                Map<String, Object> out = new LinkedHashMap<>();
                List<Object> keys = (List<Object>) args.get(0);
                for (int i = 0; i < keys.size(); i++) {
                    out.put(asString(keys.get(i)), ((List<Object>) args.get(1)).get(i));
                }
                yield out;
            }
            case "distinct" -> new ArrayList<Object>(new LinkedHashSet<>((List<Object>) args.get(0)));
            case "sort" -> ((List<Object>) args.get(0)).stream().map(TerraformValues::asString).sorted()
                .map(Object.class::cast).toList();
            case "flatten" -> {
                List<Object> out = new ArrayList<>();
                ((List<Object>) args.get(0)).forEach(item -> out.addAll((List<Object>) item));
                yield out;
            }
            case "jsonencode" -> jsonEncode(args.get(0));
            case "coalesce" -> args.stream().filter(Objects::nonNull).findFirst().orElse(null);
            case "coalescelist" -> args.stream().filter(a -> !((List<?>) a).isEmpty()).findFirst().orElse(List.of());
            case "base64encode" -> Base64.getEncoder().encodeToString(asString(args.get(0)).getBytes(StandardCharsets.UTF_8));
            case "templatefile" -> templateFile(Path.of(asString(args.get(0))), (Map<String, Object>) args.get(1));
            default -> throw new AssertionError("function " + name + "() is not known to this test; teach TerraformValues it");
        };
    }

    /** Terraform's compact JSON, object keys sorted; a reference stays as its ${...} text. */
    private static String jsonEncode(Object value) {
        try {
            return JSON.writeValueAsString(plain(value));
        } catch (JsonProcessingException e) {
            throw new AssertionError("jsonencode cannot encode " + value + ": " + e.getMessage());
        }
    }

    private static Object plain(Object value) {
        if (value instanceof Ref) {
            return asString(value);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(k.toString(), plain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TerraformFunctions::plain).toList();
        }
        return value;
    }

    private static String format(List<Object> args) {
        String spec = asString(args.get(0));
        StringBuilder out = new StringBuilder();
        int arg = 1;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '%' && i + 1 < spec.length()) {
                char verb = spec.charAt(++i);
                if (verb == '%') {
                    out.append('%');
                } else if (verb == 'd') {
                    out.append(longValue(args.get(arg++)));
                } else if (verb == 's') {
                    out.append(asString(args.get(arg++)));
                } else {
                    throw new AssertionError("format verb %" + verb + " is not known to this test");
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String templateFile(Path file, Map<String, Object> values) {
        try {
            Map<String, String> text = new LinkedHashMap<>();
            values.forEach((k, v) -> text.put(k, asString(v)));
            return CloudInitTemplate.render(Files.readString(file.normalize()), text);
        } catch (IOException e) {
            throw new AssertionError("templatefile cannot read " + file + ": " + e.getMessage());
        }
    }
}
