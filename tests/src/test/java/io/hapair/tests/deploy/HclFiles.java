package io.hapair.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** HCL files parsed by HashiCorp's parser (@cdktf/hcl2json) and read back as JSON. */
final class HclFiles {

    private HclFiles() {
    }

    /** Every *.tf and *.hcl file under the directory, parsed; a syntax error fails with the parser's message. */
    static Map<Path, JsonNode> parseTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return parse(files.filter(f -> f.toString().endsWith(".tf") || f.toString().endsWith(".hcl")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<Path, JsonNode> parse(List<Path> files) {
        Map<Path, JsonNode> parsed = new LinkedHashMap<>();
        if (files.isEmpty()) {
            return parsed;
        }
        String json = DeployTools.node("hcl2json.js", files.stream().map(Path::toString).toList()).stdout();
        try {
            new ObjectMapper().readTree(json).fields().forEachRemaining(f -> parsed.put(Path.of(f.getKey()), f.getValue()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parsed;
    }
}
