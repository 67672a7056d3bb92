package io.hapair.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hapair.node.validation.FieldError;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Describes a YAML syntax error by position and key, never by content: the parser's own message
 * quotes the offending line, which may hold pairing-secret or admin-password.
 */
final class YamlSyntaxError {

    private YamlSyntaxError() {
    }

    /** The error, under the key on the offending line when there is one. */
    static FieldError describe(Path file, String text, JsonProcessingException e) {
        int line;
        int column;
        String problem;
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            line = marked.getProblemMark().getLine() + 1;
            column = marked.getProblemMark().getColumn() + 1;
            problem = withoutFileContent(marked.getProblem(), text);
        } else {
            line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            problem = "";
        }
        StringBuilder out = new StringBuilder("configuration file ").append(file).append(" is not valid YAML");
        String key = line > 0 ? keyOnLine(text, line).orElse(null) : null;
        if (line > 0) {
            out.append(" at line ").append(line).append(", column ").append(column);
        }
        if (key != null) {
            out.append(" (key '").append(key).append("')");
        }
        if (!problem.isBlank()) {
            out.append(": ").append(problem);
        }
        out.append("; the line is not shown as it may hold a secret. Write one 'key: value' per line and"
                + " quote values that contain ': ', ' #' or start with one of * & ! | > ' \" % @ `");
        return new FieldError(key == null ? "config" : key, out.toString());
    }

    /** The known configuration key that line {@code number} (1-based) starts with, if any. */
    private static java.util.Optional<String> keyOnLine(String text, int number) {
        List<String> lines = text.lines().toList();
        if (number > lines.size()) {
            return java.util.Optional.empty();
        }
        String line = lines.get(number - 1).strip();
        int colon = line.indexOf(':');
        String key = colon < 0 ? line : line.substring(0, colon).strip();
        return ConfigKey.byKey(key).map(ConfigKey::key);
    }

    /**
     * The parser's problem with every word that also occurs in the file blanked out: problems such as
     * "found undefined alias X" carry a piece of a value.
     */
    private static String withoutFileContent(String problem, String text) {
        if (problem == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String word : problem.split(" ")) {
            String bare = word.replaceAll("^['\"]|['\",:]$", "");
            out.append(out.length() == 0 ? "" : " ").append(bare.length() > 1 && text.contains(bare) ? "(...)" : word);
        }
        return out.toString();
    }
}
