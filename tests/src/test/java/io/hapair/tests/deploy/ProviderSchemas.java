package io.hapair.tests.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments and nested blocks of every resource and data source of the azurerm 4.x and aws 6.x
 * providers, read from the jsii assemblies (.jsii) of @cdktf/provider-azurerm and @cdktf/provider-aws,
 * which cdktf generates from each provider's own schema: one struct per block, a property per
 * argument or nested block, optional unless the provider requires it, each documented with a link
 * to the registry page whose anchor is the argument's Terraform name.
 */
final class ProviderSchemas {

    /** One argument or nested block; block is the fqn of its struct, null for a plain argument. */
    record Argument(String name, boolean required, String block) {
    }

    private static final Map<String, String> PACKAGES = Map.of("azurerm", "@cdktf/provider-azurerm",
        "aws", "@cdktf/provider-aws");
    // {@link https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs/resources/lb aws_lb}
    private static final Pattern REPRESENTS = Pattern.compile(
        "Represents a \\{@link https://registry\\.terraform\\.io/providers/[^ ]+/docs/(resources|data-sources)/[^ ]+ ([a-z0-9_]+)}");
    // {@link https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs azurerm}
    private static final Pattern REPRESENTS_PROVIDER = Pattern.compile(
        "Represents a \\{@link https://registry\\.terraform\\.io/providers/[^ ]+/docs ([a-z0-9_]+)}");
    // {@link https://.../docs/resources/lb#access_logs Lb#access_logs}
    private static final Pattern ARGUMENT_LINK = Pattern.compile("#([a-z0-9_]+) [A-Za-z0-9]+#\\1}");
    private static final Map<String, ProviderSchemas> LOADED = new HashMap<>();

    private final String provider;
    private final Map<String, String> configs = new HashMap<>();
    private final Map<String, Map<String, Argument>> structs = new HashMap<>();

    private ProviderSchemas(String provider) {
        this.provider = provider;
    }

    /** The schemas of a provider by its local name (azurerm, aws); each assembly is read once per JVM. */
    static synchronized ProviderSchemas of(String provider) {
        if (!PACKAGES.containsKey(provider)) {
            throw new AssertionError("no schema source for provider '" + provider + "': add its @cdktf/provider-"
                + provider + " package to tests/deploy-tools/package.json and to ProviderSchemas");
        }
        return LOADED.computeIfAbsent(provider, name -> {
            ProviderSchemas schemas = new ProviderSchemas(name);
            schemas.read(DeployTools.nodeModules().resolve(PACKAGES.get(name)).resolve(".jsii"));
            return schemas;
        });
    }

    /**
     * The top-level arguments of a resource ("resource") or data source ("data") type, or of the
     * provider's own configuration ("provider", its name), or null when the provider has no such type.
     */
    Map<String, Argument> arguments(String kind, String type) {
        String config = configs.get(kind + " " + type);
        return config == null ? null : structs.get(config);
    }

    /** The arguments of a nested block's struct. */
    Map<String, Argument> block(String fqn) {
        return structs.get(fqn);
    }

    boolean isBlock(Argument argument) {
        return argument.block() != null && structs.containsKey(argument.block());
    }

    String provider() {
        return provider;
    }

    /** Streams the assembly's types (the file is 90-130 MB), keeping only names, flags and struct links. */
    private void read(Path assembly) {
        ObjectMapper mapper = new ObjectMapper();
        try (JsonParser parser = mapper.getFactory().createParser(assembly.toFile())) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, assembly);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!field.equals("types")) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    parser.nextToken();
                    type(typeSummary(parser, mapper));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + assembly, e);
        }
        if (configs.isEmpty()) {
            throw new AssertionError(assembly + " declares no resource types: has the package's layout changed?");
        }
    }

    /**
     * One type entry without what the schema does not need: methods, and a class's properties (its
     * getters). jsii writes keys in alphabetical order, so kind and datatype are known before properties.
     */
    private static JsonNode typeSummary(JsonParser parser, ObjectMapper mapper) throws IOException {
        ObjectNode type = mapper.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            boolean needed = switch (field) {
                case "fqn", "kind", "base", "datatype", "docs", "initializer" -> true;
                case "properties" -> type.path("datatype").asBoolean();
                default -> false;
            };
            if (needed) {
                type.set(field, parser.readValueAsTree());
            } else {
                parser.skipChildren();
            }
        }
        return type;
    }

    private void type(JsonNode type) {
        String fqn = type.path("fqn").asText();
        if (type.path("kind").asText().equals("class")) {
            String base = type.path("base").asText();
            String summary = type.path("docs").path("summary").asText();
            Matcher represents = REPRESENTS.matcher(summary);
            Matcher provider = REPRESENTS_PROVIDER.matcher(summary);
            if ((base.equals("cdktf.TerraformResource") || base.equals("cdktf.TerraformDataSource")) && represents.find()) {
                config(type, (represents.group(1).equals("resources") ? "resource " : "data ") + represents.group(2));
            } else if (base.equals("cdktf.TerraformProvider") && provider.find()) {
                config(type, "provider " + provider.group(1));
            }
        } else if (type.path("datatype").asBoolean()) {
            Map<String, Argument> arguments = new LinkedHashMap<>();
            for (JsonNode property : type.path("properties")) {
                String docs = property.path("docs").path("summary").asText() + " "
                    + property.path("docs").path("remarks").asText();
                Matcher link = ARGUMENT_LINK.matcher(docs);
                if (!link.find()) {
                    continue;
                }
                arguments.put(link.group(1), new Argument(link.group(1), !property.path("optional").asBoolean(),
                    structReference(property.path("type"))));
            }
            structs.put(fqn, arguments);
        }
    }

    private void config(JsonNode type, String key) {
        for (JsonNode parameter : type.path("initializer").path("parameters")) {
            if (parameter.path("name").asText().equals("config")) {
                configs.put(key, parameter.path("type").path("fqn").asText());
            }
        }
    }

    /** The struct a property's type names (directly, as a list element or in a union), or null. */
    private static String structReference(JsonNode type) {
        if (type.has("fqn")) {
            String fqn = type.path("fqn").asText();
            return fqn.startsWith("cdktf.") ? null : fqn;
        }
        if (type.has("collection")) {
            return structReference(type.path("collection").path("elementtype"));
        }
        for (JsonNode member : type.path("union").path("types")) {
            String struct = structReference(member);
            if (struct != null) {
                return struct;
            }
        }
        return null;
    }

    private static void expect(JsonToken token, JsonToken expected, Path file) {
        if (token != expected) {
            throw new AssertionError(file + " is not a jsii assembly (starts with " + token + ")");
        }
    }
}
