package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretFieldsSnmpTest {

    private static final String STORED = "{\"enabled\": true, \"community\": \"n0t-public\", \"users\": ["
            + "{\"name\": \"monitor\", \"authPassphrase\": \"auth-secret\", \"privPassphrase\": \"priv-secret\"},"
            + "{\"name\": \"backup\", \"authPassphrase\": \"auth-backup\", \"privPassphrase\": \"priv-backup\"}]}";

    @Test
    void snmpPassphrasesAreShownAsThePlaceholderAndTheRestStays() {
        JsonObject shown = new JsonObject(SecretFields.redact("snmp", STORED));

        assertThat(shown.getString("community")).isEqualTo("n0t-public");
        assertThat(shown.getJsonArray("users").getJsonObject(0).getMap()).containsEntry("name", "monitor")
                .containsEntry("authPassphrase", SecretFields.PLACEHOLDER)
                .containsEntry("privPassphrase", SecretFields.PLACEHOLDER);
        assertThat(SecretFields.forExport("snmp", STORED, "export-pass".toCharArray()))
                .doesNotContain("auth-secret", "priv-secret", "auth-backup", "priv-backup");
    }

    @Test
    void thePlaceholderSentBackKeepsThePassphraseOfTheUserOfTheSameName() {
        String edited = "{\"enabled\": true, \"users\": ["
                + "{\"name\": \"backup\", \"authPassphrase\": \"(stored; not shown)\", \"privPassphrase\": \"new-priv-1\"},"
                + "{\"name\": \"renamed\", \"authPassphrase\": \"(stored; not shown)\", \"privPassphrase\": \"x-priv-12\"}]}";

        JsonObject restored = new JsonObject(SecretFields.restore("snmp", edited, Optional.of(STORED)));

        assertThat(restored.getJsonArray("users").getJsonObject(0).getMap())
                .containsEntry("authPassphrase", "auth-backup").containsEntry("privPassphrase", "new-priv-1");
        // No user of that name has one stored: the placeholder stays, for the SNMP rules to refuse by name.
        assertThat(restored.getJsonArray("users").getJsonObject(1).getString("authPassphrase"))
                .isEqualTo(SecretFields.PLACEHOLDER);
    }
}
