package io.hapair.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** HCL files parsed by HashiCorp's parser (@cdktf/hcl2json, see hcl2json.js) and read back as JSON. */
final class HclFiles {

    /**
     * One parsed file: hcl2json's body, and per top-level block ("output.NAME", "resource.TYPE",
     * "locals", ...) the traversals its expressions make (var.x, aws_lb.pair.dns_name, ...).
     */
    record HclFile(JsonNode body, Map<String, List<String>> references) {
    }

    private static final Map<Path, Map<Path, HclFile>> MODULES = new HashMap<>();

    private HclFiles() {
    }

    /**
     * Every *.tf and *.hcl file under the directory, parsed (bodies only); a syntax error fails with
     * the parser's message.
     */
    static Map<Path, HclFile> parseTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return parse(files.filter(f -> f.toString().endsWith(".tf") || f.toString().endsWith(".hcl")).sorted().toList(),
                false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The *.tf files of one directory (one Terraform module) with their references; parsed once per JVM. */
    static synchronized Map<Path, HclFile> parseModule(Path dir) {
        if (MODULES.containsKey(dir)) {
            return MODULES.get(dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            Map<Path, HclFile> module = parse(files.filter(f -> f.toString().endsWith(".tf")).sorted().toList(), true);
            MODULES.put(dir, module);
            return module;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Path, HclFile> parse(List<Path> files, boolean withReferences) {
        Map<Path, HclFile> parsed = new LinkedHashMap<>();
        if (files.isEmpty()) {
            return parsed;
        }
        List<String> args = new ArrayList<>(List.of(withReferences ? "references" : "bodies"));
        files.forEach(file -> args.add(file.toString()));
        String json = DeployTools.node("hcl2json.js", args).stdout();
        try {
            new ObjectMapper().readTree(json).fields().forEachRemaining(file -> {
                Map<String, List<String>> references = new LinkedHashMap<>();
                file.getValue().path("references").fields().forEachRemaining(block -> {
                    List<String> names = new ArrayList<>();
                    block.getValue().forEach(name -> names.add(name.asText()));
                    references.put(block.getKey(), names);
                });
                parsed.put(Path.of(file.getKey()), new HclFile(file.getValue().path("body"), references));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parsed;
    }

    /** The labels of a module's blocks of one kind (variable, output, module), or of its locals' names. */
    static Set<String> names(Map<Path, HclFile> module, String kind) {
        Set<String> names = new LinkedHashSet<>();
        for (HclFile file : module.values()) {
            JsonNode blocks = file.body().path(kind);
            if (blocks.isArray()) {
                blocks.forEach(block -> block.fieldNames().forEachRemaining(names::add));
            } else {
                blocks.fieldNames().forEachRemaining(names::add);
            }
        }
        return names;
    }
}
