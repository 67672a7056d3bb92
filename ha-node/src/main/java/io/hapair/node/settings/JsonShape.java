package io.hapair.node.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a JSON tree against the shape of a document record before Jackson binds it, so that every
 * unknown field, wrong type and bad enum value is reported at once, with its path, rather than only
 * the first one Jackson would throw. The shape is read from the record itself: a JSON field is a
 * record component of the same name. A null or absent field passes here; the rules decide whether
 * it is required.
 */
final class JsonShape {

    private static final ClassValue<List<String>> ENUM_VALUES = new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> type) {
            // Ask Jackson, so the values listed are exactly the ones it binds (@JsonProperty names).
            return Arrays.stream(type.getEnumConstants())
                    .map(constant -> CanonicalJson.MAPPER.convertValue(constant, String.class)).toList();
        }
    };

    private JsonShape() {
    }

    /** Reports what in {@code root} does not fit {@code recordType}. */
    static void check(JsonNode root, Class<? extends Record> recordType, Findings findings) {
        if (root.isObject()) {
            object(root, recordType, findings);
        } else {
            findings.error("body", "send one JSON object ({...}), not "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
    }

    /** The JSON values of an enum, for messages that list the choices: "tcp, http, https". */
    static String choices(Class<? extends Enum<?>> type) {
        return String.join(", ", ENUM_VALUES.get(type));
    }

    private static void object(JsonNode node, Class<?> type, Findings findings) {
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known = new TreeSet<>();
        for (RecordComponent component : components) {
            known.add(component.getName());
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                findings.error(field, "unknown field; remove it, or use one of " + String.join(", ", known));
            }
        });
        for (RecordComponent component : components) {
            JsonNode value = node.get(component.getName());
            if (value != null && !value.isNull()) {
                value(value, component.getGenericType(), component.getName(), findings);
            }
        }
    }

    private static void value(JsonNode value, Type type, String field, Findings findings) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            expect(value.isTextual(), field, "must be a string in double quotes", findings);
        } else if (raw == Integer.class) {
            expect(value.isIntegralNumber() && value.canConvertToInt(), field, "must be a whole number", findings);
        } else if (raw == Double.class) {
            expect(value.isNumber(), field, "must be a number", findings);
        } else if (raw == Boolean.class) {
            expect(value.isBoolean(), field, "must be true or false", findings);
        } else if (raw.isEnum()) {
            List<String> allowed = ENUM_VALUES.get(raw);
            String given = value.isTextual() ? value.asText() : null;
            expect(given != null && allowed.contains(given), field, refusal(raw, given) + "give one of "
                    + String.join(", ", allowed), findings);
        } else if (raw == List.class) {
            list(value, ((ParameterizedType) type).getActualTypeArguments()[0], field, findings);
        } else if (raw.isRecord()) {
            if (expect(value.isObject(), field, "must be an object ({...})", findings)) {
                object(value, raw, findings.at(field));
            }
        } else {
            throw new IllegalStateException("no JSON shape for " + type + " (field " + findings.path(field) + ")");
        }
    }

    private static String refusal(Class<?> enumType, String given) {
        if (given == null) {
            return "";
        }
        Unsupported unsupported = enumType.getAnnotation(Unsupported.class);
        return unsupported != null && unsupported.value().equals(given)
                ? "'" + given + "' is not supported: " + unsupported.because() + "; "
                : "'" + given + "' is not allowed; ";
    }

    private static void list(JsonNode value, Type elementType, String field, Findings findings) {
        if (!expect(value.isArray(), field, "must be a list ([...])", findings)) {
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            String element = field + "[" + i + "]";
            if (value.get(i).isNull()) {
                findings.error(element, "must not be null; remove it from the list");
            } else {
                value(value.get(i), elementType, element, findings);
            }
        }
    }

    private static boolean expect(boolean fits, String field, String message, Findings findings) {
        if (!fits) {
            findings.error(field, message);
        }
        return fits;
    }
}
