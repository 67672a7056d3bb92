package io.hapair.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.deploy.ProviderSchemas.Argument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every provider, resource and data source block of the Terraform files against its provider's schema: each
 * argument and nested block (also those a dynamic block makes) must exist, with the right nesting,
 * and every required one must be there.
 */
final class TerraformSchemaCheck {

    // Terraform's own arguments, valid in every resource and data source block.
    private static final Set<String> META_ARGUMENTS = Set.of("count", "for_each", "depends_on", "provider", "lifecycle",
        "provisioner", "connection");

    private TerraformSchemaCheck() {
    }

    /** One line per problem: file, block, argument and what is wrong; empty when every block fits its schema. */
    static List<String> findings(Path root, Map<Path, HclFiles.HclFile> files) {
        List<String> findings = new ArrayList<>();
        files.forEach((file, parsed) -> {
            if (!file.toString().endsWith(".tf")) {
                return;
            }
            JsonNode body = parsed.body();
            body.path("provider").fields().forEachRemaining(provider -> {
                String where = root.relativize(file) + ": provider " + provider.getKey();
                ProviderSchemas schemas = ProviderSchemas.of(provider.getKey());
                provider.getValue().forEach(block -> checkBlock(schemas, schemas.arguments("provider", provider.getKey()),
                    block, where, false, findings));
            });
            for (String kind : List.of("resource", "data")) {
                body.path(kind).fields().forEachRemaining(type -> type.getValue().fields().forEachRemaining(named -> {
                    String where = root.relativize(file) + ": " + (kind.equals("data") ? "data " : "") + type.getKey()
                        + "." + named.getKey();
                    ProviderSchemas schemas = ProviderSchemas.of(type.getKey().substring(0, type.getKey().indexOf('_')));
                    Map<String, Argument> arguments = schemas.arguments(kind, type.getKey());
                    if (arguments == null) {
                        findings.add(where + ": the " + schemas.provider() + " provider has no " + kind + " type "
                            + type.getKey());
                        return;
                    }
                    named.getValue().forEach(block -> checkBlock(schemas, arguments, block, where, true, findings));
                }));
            }
        });
        return findings;
    }

    private static void checkBlock(ProviderSchemas schemas, Map<String, Argument> arguments, JsonNode block, String where,
                                   boolean topLevel, List<String> findings) {
        Set<String> present = new HashSet<>();
        block.fields().forEachRemaining(field -> {
            String name = field.getKey();
            if (topLevel && META_ARGUMENTS.contains(name)) {
                return;
            }
            if (name.equals("dynamic")) {
                field.getValue().fields().forEachRemaining(dynamic -> {
                    present.add(dynamic.getKey());
                    Argument argument = known(schemas, arguments, dynamic.getKey(), where, findings);
                    if (argument == null) {
                        return;
                    }
                    if (!schemas.isBlock(argument)) {
                        findings.add(where + ": dynamic \"" + dynamic.getKey() + "\": " + dynamic.getKey()
                            + " is an argument, not a block");
                        return;
                    }
                    for (JsonNode generator : dynamic.getValue()) {
                        for (JsonNode content : generator.path("content")) {
                            checkBlock(schemas, schemas.block(argument.block()), content, where + "." + dynamic.getKey(),
                                false, findings);
                        }
                    }
                });
                return;
            }
            present.add(name);
            Argument argument = known(schemas, arguments, name, where, findings);
            if (argument != null && schemas.isBlock(argument) && field.getValue().isArray()) {
                for (JsonNode nested : field.getValue()) {
                    if (nested.isObject()) {
                        checkBlock(schemas, schemas.block(argument.block()), nested, where + "." + name, false, findings);
                    }
                }
            }
        });
        arguments.values().stream().filter(a -> a.required() && !present.contains(a.name()))
            .forEach(a -> findings.add(where + ": missing required " + (schemas.isBlock(a) ? "block " : "argument ")
                + a.name()));
    }

    private static Argument known(ProviderSchemas schemas, Map<String, Argument> arguments, String name, String where,
                                  List<String> findings) {
        Argument argument = arguments.get(name);
        if (argument == null) {
            findings.add(where + ": unknown argument or block " + name + " (not in the " + schemas.provider()
                + " provider's schema)");
        }
        return argument;
    }
}
