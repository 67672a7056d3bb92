package io.hapair.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hapair.node.config.ConfigException;
import io.hapair.node.config.ConfigLoader;
import io.hapair.node.config.NodeConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One node's rendered cloud-init user data, read as cloud-init reads it. */
final class CloudInitDocument {

    static final String NODE_CONFIG = "/etc/hanode/hanode.yaml";
    static final String UNIT = "/etc/systemd/system/hanode.service";
    static final String TOPOLOGY = "/etc/hanode/cloud-topology.yaml";
    // Where hanode-secrets writes the secrets at every start of the node.
    static final String SECRETS_DIR = "/run/hanode/";

    /** An entry of write_files. */
    record WrittenFile(String path, String owner, String permissions, String content) {
    }

    private final String text;
    private final JsonNode root;

    private CloudInitDocument(String text, JsonNode root) {
        this.text = text;
        this.root = root;
    }

    static CloudInitDocument parse(String text) throws IOException {
        if (!text.startsWith("#cloud-config\n")) {
            throw new AssertionError("user data must start with #cloud-config, starts with: "
                + text.substring(0, Math.min(40, text.length())));
        }
        return new CloudInitDocument(text, new ObjectMapper(new YAMLFactory()).readTree(text));
    }

    String text() {
        return text;
    }

    WrittenFile file(String path) {
        for (JsonNode file : root.path("write_files")) {
            if (file.path("path").asText().equals(path)) {
                return new WrittenFile(path, file.path("owner").asText(), file.path("permissions").asText(),
                    file.path("content").asText());
            }
        }
        throw new AssertionError("write_files has no " + path);
    }

    /** runcmd entries, each as its argument list. */
    List<List<String>> commands() {
        List<List<String>> commands = new ArrayList<>();
        for (JsonNode command : root.path("runcmd")) {
            List<String> args = new ArrayList<>();
            if (command.isArray()) {
                command.forEach(arg -> args.add(arg.asText()));
            } else {
                args.add(command.asText());
            }
            commands.add(args);
        }
        return commands;
    }

    /**
     * The node's configuration file, loaded by the node's own loader as the service would load it:
     * with the sample secrets where hanode-secrets puts them, and the written topology file.
     */
    NodeConfig nodeConfig(Path scratch) throws IOException, ConfigException {
        Path secrets = Files.createTempDirectory(scratch, "run-hanode");
        writeSecret(secrets.resolve("pairing-secret"), DeploySamples.PAIRING_SECRET);
        writeSecret(secrets.resolve("admin-password"), DeploySamples.ADMIN_PASSWORD);
        Path topology = Files.createTempFile(scratch, "cloud-topology", ".yaml");
        Files.writeString(topology, file(TOPOLOGY).content());
        Path file = Files.createTempFile(scratch, "hanode", ".yaml");
        Files.writeString(file, file(NODE_CONFIG).content().replace(SECRETS_DIR, secrets + "/")
            .replace(TOPOLOGY, topology.toString()));
        return ConfigLoader.load(file, Map.of(), Map.of(), "cloud-vm");
    }

    private static void writeSecret(Path file, String secret) throws IOException {
        Files.writeString(file, secret);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** One key of the node's configuration file as YAML reads it (quotes undone), or null without it. */
    String configValue(String key) throws IOException {
        JsonNode value = new ObjectMapper(new YAMLFactory()).readTree(file(NODE_CONFIG).content()).get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The [Service] settings of the systemd unit (the last value of a repeated key). */
    Map<String, String> serviceSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        boolean inService = false;
        for (String line : file(UNIT).content().split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("[")) {
                inService = trimmed.equals("[Service]");
            } else if (inService && !trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                settings.put(trimmed.substring(0, trimmed.indexOf('=')), trimmed.substring(trimmed.indexOf('=') + 1));
            }
        }
        return settings;
    }
}
