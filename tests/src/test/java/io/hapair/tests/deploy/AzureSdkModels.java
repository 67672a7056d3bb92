package io.hapair.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the Azure SDK for JS management packages (tests/deploy-tools/package.json, several releases
 * where the template uses several API versions) know of each resource type: the API versions they
 * were generated for and, per version, the model of the PUT request body, as the SDK's own mappers
 * (serialized names such as properties.frontendIPConfigurations) printed by azure-sdk-models.js.
 */
final class AzureSdkModels {

    /** The request body model of one resource type at one API version, and where it comes from. */
    record Model(String source, String bodyClass, JsonNode mappers) {
    }

    private static AzureSdkModels loaded;

    // Lower-cased type (ARM compares types without case) -> API version -> model.
    private final Map<String, Map<String, Model>> types = new TreeMap<>();

    private AzureSdkModels(JsonNode packages) {
        for (JsonNode sdk : packages) {
            String source = sdk.path("package").asText() + "@" + sdk.path("version").asText();
            sdk.path("types").fields().forEachRemaining(type -> types
                .computeIfAbsent(type.getKey().toLowerCase(Locale.ROOT), k -> new TreeMap<>())
                .put(type.getValue().path("apiVersion").asText(),
                    new Model(source, type.getValue().path("body").asText(), sdk.path("mappers"))));
        }
    }

    static synchronized AzureSdkModels load() {
        if (loaded == null) {
            try {
                loaded = new AzureSdkModels(new ObjectMapper().readTree(
                    DeployTools.node("azure-sdk-models.js", List.of()).stdout()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    /** API version to model for a resource type; empty when no installed package knows the type. */
    Map<String, Model> versions(String type) {
        return types.getOrDefault(type.toLowerCase(Locale.ROOT), Map.of());
    }
}
