package io.hapair.node.transfer.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.transfer.model.SettingsDiff.Change;
import io.hapair.node.transfer.model.SettingsDiff.DocumentChange;
import io.hapair.node.transfer.model.SettingsDiff.FieldChange;
import io.hapair.node.transfer.model.SettingsDiff.Preview;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsDiffTest {

    private static final String WEB = "{\"name\":\"web\",\"port\":80,\"realServers\":[{\"address\":\"10.0.0.1\",\"port\":80}]}";
    private static final Set<String> SECRETS = Set.of("privateKey");

    @Test
    void aDocumentOnlyInTheImportIsAddedAndOneOnlyStoredIsRemoved() {
        Preview p = SettingsDiff.of(Map.of("virtual-services/old", WEB), Map.of("virtual-services/new", WEB), SECRETS);

        assertThat(p.changes()).containsExactly(
                new DocumentChange("virtual-services", "new", Change.ADDED, List.of()),
                new DocumentChange("virtual-services", "old", Change.REMOVED, List.of()));
        assertThat(p.unchanged()).isZero();
    }

    @Test
    void aChangedDocumentNamesEachChangedFieldByItsPathWithBothValues() {
        String after = "{\"name\":\"web\",\"port\":8080,\"realServers\":[{\"address\":\"10.0.0.1\",\"port\":80},"
                + "{\"address\":\"10.0.0.2\",\"port\":80}],\"note\":\"new\"}";

        Preview p = SettingsDiff.of(Map.of("virtual-services/web", WEB), Map.of("virtual-services/web", after), SECRETS);

        assertThat(p.changes()).singleElement().satisfies(c -> {
            assertThat(c.change()).isEqualTo(Change.CHANGED);
            assertThat(c.fields()).containsExactly(
                    new FieldChange("note", null, "\"new\""),
                    new FieldChange("port", "80", "8080"),
                    new FieldChange("realServers[1]", null, "{\"address\":\"10.0.0.2\",\"port\":80}"));
        });
    }

    @Test
    void documentsEqualAsJsonAreUnchangedWhateverTheirFieldOrder() {
        String reordered = "{\"realServers\":[{\"port\":80,\"address\":\"10.0.0.1\"}],\"port\":80,\"name\":\"web\"}";

        Preview p = SettingsDiff.of(Map.of("virtual-services/web", WEB, "wui/wui", "{\"a\":1}"),
                Map.of("virtual-services/web", reordered, "wui/wui", "{\"a\":1}"), SECRETS);

        assertThat(p.changes()).isEmpty();
        assertThat(p.unchanged()).isEqualTo(2);
    }

    @Test
    void aChangedSecretIsNamedButItsValuesAreNeverShown() {
        Preview p = SettingsDiff.of(Map.of("vs-certificates/c", "{\"name\":\"c\",\"privateKey\":\"KEY-ONE\"}"),
                Map.of("vs-certificates/c", "{\"name\":\"c\",\"privateKey\":\"KEY-TWO\"}"), SECRETS);

        assertThat(p.changes()).singleElement().satisfies(c -> assertThat(c.fields()).containsExactly(
                new FieldChange("privateKey", SettingsDiff.SECRET_SHOWN, SettingsDiff.SECRET_SHOWN)));
        assertThat(p.toString()).doesNotContain("KEY-ONE", "KEY-TWO");
    }

    @Test
    void changesAreOrderedByTypeThenId() {
        Preview p = SettingsDiff.of(Map.of(), Map.of("wui/wui", "{}", "geo-fqdns/b", "{}", "geo-fqdns/a", "{}"), SECRETS);

        assertThat(p.changes()).extracting(c -> c.type() + "/" + c.id())
                .containsExactly("geo-fqdns/a", "geo-fqdns/b", "wui/wui");
    }

    @Test
    void theTokenChangesWhenEitherTheStoredSettingsOrTheImportChange() {
        Map<String, String> stored = Map.of("virtual-services/web", WEB);
        Map<String, String> imported = Map.of("virtual-services/web", WEB, "wui/wui", "{}");
        String token = SettingsDiff.of(stored, imported, SECRETS).token();

        assertThat(SettingsDiff.token(Map.of("virtual-services/web", WEB), Map.of("wui/wui", "{}",
                "virtual-services/web", WEB))).as("same texts, other map order").isEqualTo(token);
        assertThat(SettingsDiff.token(Map.of("virtual-services/web", WEB.replace("80", "81")), imported))
                .as("stored changed since").isNotEqualTo(token);
        assertThat(SettingsDiff.token(stored, Map.of("virtual-services/web", WEB)))
                .as("another file").isNotEqualTo(token);
        assertThat(SettingsDiff.token(imported, stored)).as("the sides swapped").isNotEqualTo(token);
    }
}
