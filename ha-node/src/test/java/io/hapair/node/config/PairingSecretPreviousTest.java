package io.hapair.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hapair.node.validation.FieldError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pairing-secret-previous: the old secret during a rotation, checked like the secret it once was. */
class PairingSecretPreviousTest {

    private static final String OLD_SECRET = "the-old-pair-secret-01";
    private static final String NEW_SECRET = "the-new-pair-secret-02";

    private static Map<ConfigKey, String> master(String secret, String previous) {
        Map<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
        m.put(ConfigKey.HA_MODE, "master");
        m.put(ConfigKey.PARTNER, "10.0.0.5");
        m.put(ConfigKey.PRIMARY_ADDRESS, "10.0.0.4");
        m.put(ConfigKey.PAIRING_SECRET, secret);
        m.put(ConfigKey.ADMIN_PASSWORD, "pw");
        if (previous != null) {
            m.put(ConfigKey.PAIRING_SECRET_PREVIOUS, previous);
        }
        return m;
    }

    @Test
    void previousSecretReachesTheConfiguration() throws Exception {
        NodeConfig c = ConfigLoader.load(null, Map.of(), master(NEW_SECRET, OLD_SECRET), "h");

        assertThat(c.pairingSecret()).isEqualTo(NEW_SECRET);
        assertThat(c.pairingSecretPrevious()).isEqualTo(OLD_SECRET);
    }

    @Test
    void withoutARotationThereIsNoPreviousSecret() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of(), master(NEW_SECRET, null), "h").pairingSecretPrevious()).isNull();
        assertThat(ConfigLoader.load(null, Map.of("HANODE_PAIRING_SECRET_PREVIOUS", ""), master(NEW_SECRET, null), "h")
                .pairingSecretPrevious()).isNull();
    }

    @Test
    void previousSecretEqualToTheCurrentOneIsAMistakeThatNamesTheFix() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), master(OLD_SECRET, OLD_SECRET), "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("pairing-secret-previous"))
                .hasMessageContaining("equals pairing-secret").hasMessageContaining("set pairing-secret to the new secret");
    }

    @Test
    void tooShortPreviousSecretIsRefusedLikeAShortSecret() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), master(NEW_SECRET, "short"), "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("pairing-secret-previous"))
                .hasMessageContaining("flag --pairing-secret-previous").hasMessageContaining("too short");
    }

    @Test
    void previousSecretCanComeFromAFileThatOnlyTheNodeReads(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("previous"), OLD_SECRET + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Map<ConfigKey, String> flags = master(NEW_SECRET, null);
        flags.put(ConfigKey.PAIRING_SECRET_PREVIOUS_FILE, file.toString());

        assertThat(ConfigLoader.load(null, Map.of(), flags, "h").pairingSecretPrevious()).isEqualTo(OLD_SECRET);
    }
}
