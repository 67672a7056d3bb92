package io.hapair.tests.deploy;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.EvalSymbol;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Terraform module directory parsed with hcl4j: its variables, locals, resources, data sources
 * and outputs, with every expression kept unevaluated for {@link TerraformValues}.
 *
 * <p>hcl4j evaluates while it parses and loses what it cannot resolve (a reference to
 * {@code each.value} becomes text). {@link RawParser} stops that: every expression comes back as
 * its symbol tree, and where hcl4j still flattens a string template into text, each embedded
 * expression stands in the text as a marker that {@link #symbol(String)} turns back into the tree.
 */
final class TerraformModule {

    static final Pattern MARKER = Pattern.compile("\u27e6(\\d+)\u27e7");
    private static final Set<String> TOP_LEVEL = Set.of("terraform", "provider", "variable", "locals", "resource",
        "data", "output", "module");

    /** An unevaluated expression: the symbol hcl4j parsed. */
    record Expression(Symbol symbol) {
    }

    private final Path dir;
    private final Map<String, Object> root;
    private final Map<Integer, Symbol> markers;

    private TerraformModule(Path dir, Map<String, Object> root, Map<Integer, Symbol> markers) {
        this.dir = dir;
        this.root = root;
        this.markers = markers;
    }

    /** {@link #parse} of {@code relative} under terraform/, for a static field. */
    static TerraformModule sample(String relative) {
        try {
            return parse(DeploySamples.terraform(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses every *.tf file of the directory as Terraform does: one module, files in name order. */
    static TerraformModule parse(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        RawParser parser = new RawParser();
        Map<String, Object> root;
        // hcl4j 0.9.4 prints a line per operator it lexes to System.out; keep the test output readable.
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            root = parser.parse(all.toString());
        } catch (Exception e) {
            throw new IllegalStateException("hcl4j cannot parse " + dir + ": " + e.getMessage(), e);
        } finally {
            System.setOut(out);
        }
        TerraformModule module = new TerraformModule(dir, root, parser.markers);
        module.checkNothingEscapedItsBlock();
        return module;
    }

    Path dir() {
        return dir;
    }

    Map<String, Object> variables() {
        return section("variable");
    }

    Map<String, Object> locals() {
        return section("locals");
    }

    Map<String, Object> outputs() {
        return section("output");
    }

    /** Resource blocks by type, then name. */
    Map<String, Map<String, Object>> resources() {
        return sectionOfSections("resource");
    }

    Map<String, Map<String, Object>> dataSources() {
        return sectionOfSections("data");
    }

    Map<String, Object> modules() {
        return section("module");
    }

    /** A resource block, or a data source block for a type spelled data.x. */
    @SuppressWarnings("unchecked")
    Map<String, Object> resource(String type, String name) {
        Map<String, Map<String, Object>> blocks = type.startsWith("data.") ? dataSources() : resources();
        Map<String, Object> block = (Map<String, Object>) blocks.getOrDefault(type.replaceFirst("^data\\.", ""), Map.of())
            .get(name);
        if (block == null) {
            throw new AssertionError("the module declares no resource " + type + "." + name);
        }
        return block;
    }

    /** The symbol a marker in flattened text stands for. */
    Symbol symbol(String markerId) {
        return markers.get(Integer.parseInt(markerId));
    }

    /**
     * hcl4j has been seen to lift an attribute out of its block when it misreads an expression; a
     * top-level key Terraform does not know is that symptom, and every later check would be wrong.
     */
    private void checkNothingEscapedItsBlock() {
        for (String key : root.keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                throw new AssertionError("hcl4j misread " + dir + ": '" + key + "' ended up at the top level;"
                    + " write the expression before it in a form hcl4j reads (see TerraformModule)");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String key) {
        return (Map<String, Object>) root.getOrDefault(key, Map.of());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> sectionOfSections(String key) {
        return (Map<String, Map<String, Object>>) root.getOrDefault(key, Map.of());
    }

    /** hcl4j's parser with evaluation turned off: expressions come back as {@link Expression}s. */
    private static final class RawParser extends HCLParser {
        private final Map<Integer, Symbol> markers = new HashMap<>();

        @Override
        protected Object processEvaluation(EvalSymbol symbol, Object context) {
            return keep(symbol);
        }

        @Override
        protected Object processEvaluation(EvalSymbol symbol, Object context, Map<String, Object> variables) {
            return keep(symbol);
        }

        private Object keep(Symbol symbol) {
            int id = markers.size();
            markers.put(id, symbol);
            return new Marked(id, new Expression(symbol));
        }
    }

    /**
     * What the raw parser hands back: the expression itself, and, should hcl4j concatenate it into a
     * string template, a marker that {@link TerraformModule#symbol} resolves.
     */
    record Marked(int id, Expression expression) {
        @Override
        public String toString() {
            return "\u27e6" + id + "\u27e7";
        }
    }
}
