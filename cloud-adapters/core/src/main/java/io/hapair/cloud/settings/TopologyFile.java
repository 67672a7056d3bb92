package io.hapair.cloud.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hapair.cloud.topology.InvalidTopologyException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a topology file (YAML) into flat settings: nested keys join with dots
 * ({@code node1: {address: ...}} becomes {@code node1.address}) and lists of plain values join with
 * commas. The only class of the core that touches files; the architecture test exempts it by name.
 */
public final class TopologyFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TopologyFile() {
    }

    public static CloudSettings read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException missing) {
            throw new InvalidTopologyException("--topology", "file " + file + " does not exist",
                "give the path of an existing topology file");
        } catch (IOException unreadable) {
            throw new InvalidTopologyException("--topology", "cannot read " + file + " (" + unreadable + ")",
                "make the file readable");
        }
        return parse(text, file.toString());
    }

    static CloudSettings parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException malformed) {
            throw new InvalidTopologyException("--topology", source + " is not valid YAML: "
                + malformed.getOriginalMessage() + " at line " + malformed.getLocation().getLineNr(),
                "fix the YAML syntax at that line");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new InvalidTopologyException("--topology", source + " is not a map of settings",
                    "write key: value lines, e.g. node1: {address: 10.0.1.4}");
            }
            flatten("", root, flat);
        }
        return CloudSettings.of(flat);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, flat);
            } else if (value.isArray()) {
                flat.put(key, joinScalars(key, value));
            } else if (!value.isNull()) {
                flat.put(key, value.asText());
            }
        }
    }

    private static String joinScalars(String key, JsonNode array) {
        List<String> items = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isValueNode()) {
                throw new InvalidTopologyException(key, "holds a nested structure",
                    "list plain values only, e.g. [443, 53/udp]");
            }
            items.add(item.asText());
        }
        return String.join(",", items);
    }
}
