package io.hapair.node.dataplane.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HAProxy's ALERT lines (from {@code haproxy -c} or from a start or reload) as rejections on the
 * document fields the lines they name were rendered from.
 */
public final class HaproxyAlerts {

    // [ALERT]    (4242) : config : parsing [/path/haproxy.cfg:9] : 'bind ...' ...
    private static final Pattern ALERT = Pattern.compile("^\\[ALERT]\\s*\\(\\d+\\)\\s*:\\s*(.*)$");
    private static final Pattern FILE_LINE = Pattern.compile("(parsing )?\\[[^\\]\\s]+:(\\d+)](\\s*:)?\\s*");
    // Summaries that follow the alerts that say what is wrong.
    private static final List<String> SUMMARIES = List.of("Error(s) found in configuration file",
            "Fatal errors found in configuration", "Some protocols failed to start their listeners");

    private HaproxyAlerts() {
    }

    /**
     * The rejections HAProxy's {@code output} holds, each on the field its line or certificate file
     * comes from; when no ALERT says why, one rejection with the output's last line.
     */
    public static List<Rejection> rejections(String output, Rendering rendering) {
        List<Rejection> rejections = new ArrayList<>();
        String last = "";
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
            Matcher alert = ALERT.matcher(line.strip());
            if (alert.matches() && SUMMARIES.stream().noneMatch(alert.group(1)::contains)) {
                rejections.add(rejection(alert.group(1), rendering));
            }
        }
        if (rejections.isEmpty()) {
            rejections.add(new Rejection(null, last.isEmpty() ? "haproxy refused the configuration and said nothing"
                    : last));
        }
        return rejections;
    }

    private static Rejection rejection(String message, Rendering rendering) {
        String text = message.startsWith("config : ") ? message.substring("config : ".length()) : message;
        Origin origin = null;
        Matcher at = FILE_LINE.matcher(text);
        if (at.find()) {
            origin = rendering.originOfLine(Integer.parseInt(at.group(2))).orElse(null);
            text = at.replaceFirst("");
        }
        // A certificate file HAProxy names is the certificate's fault rather than the bind line's.
        for (Map.Entry<String, Origin> file : rendering.fileOrigins().entrySet()) {
            if (text.contains(file.getKey())) {
                origin = file.getValue();
            }
        }
        return new Rejection(origin, text);
    }
}
