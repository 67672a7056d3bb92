package io.hapair.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, from the filtered resource the build writes. */
final class SoftwareVersion {

    private SoftwareVersion() {
    }

    static String get() {
        // Upgrade drills and tests run one node as another version; production never sets this.
        String override = System.getProperty("hanode.software-version");
        if (override != null && !override.isBlank()) {
            return override;
        }
        try (InputStream in = SoftwareVersion.class.getResourceAsStream("/hanode-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
