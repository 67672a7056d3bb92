package io.hapair.node.runtime;

import io.hapair.geo.GeoRewrite;
import io.hapair.geo.IpAddress;
import io.hapair.node.settings.ListedDocuments;
import io.hapair.node.settings.OtherDocuments;
import io.hapair.node.settings.Parsed;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The settings types as the API and the sync layer see them: names, synced or not, checking, GEO rewrite. */
final class SettingsCatalog {

    /**
     * A checked document.
     *
     * @param id       its id (from the document, or the singleton's fixed id)
     * @param body     canonical JSON to store; null when there are errors
     * @param errors   field errors (HTTP 400)
     * @param warnings accepted, but worth telling the operator
     */
    record Checked(String id, String body, List<FieldError> errors, List<String> warnings) {
    }

    List<SettingsType<?>> kinds() {
        return SettingsType.ALL;
    }

    Optional<SettingsType<?>> kind(String path) {
        return SettingsType.byApiPath(path);
    }

    static Set<String> syncedPaths() {
        return SettingsType.ALL.stream().filter(SettingsType::synced).map(SettingsType::apiPath)
                .collect(Collectors.toUnmodifiableSet());
    }

    static Set<String> geoSharedPaths() {
        return SettingsType.GEO_SHARED.stream().map(SettingsType::apiPath).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Parses and validates {@code json} against the other stored documents of its type, as the
     * settings service's index answers about them (on the store's thread).
     */
    Checked check(SettingsType<?> kind, String json, OtherDocuments others) {
        return checkTyped(kind, json, others);
    }

    private static <T extends Record> Checked checkTyped(SettingsType<T> type, String json, OtherDocuments others) {
        return checked(type, SettingsCodec.parse(type, json, others));
    }

    /** What a stored body claims by its type's rules: what the settings service's index keeps. */
    static Set<String> claims(String path, String body) {
        return SettingsType.byApiPath(path).<Set<String>>map(t -> SettingsCodec.claims(t, body)).orElse(Set.of());
    }

    /**
     * Checks documents that are stored together (an import), each against the valid ones before it.
     * Each is parsed once and indexed as it passes: re-parsing the others for every document made an
     * import of 10,000 virtual services take minutes.
     */
    List<Checked> checkTogether(SettingsType<?> kind, List<String> jsons) {
        return checkTogetherTyped(kind, jsons);
    }

    private static <T extends Record> List<Checked> checkTogetherTyped(SettingsType<T> type, List<String> jsons) {
        ListedDocuments<T> valid = new ListedDocuments<>(type);
        List<Checked> out = new ArrayList<>();
        for (String json : jsons) {
            Parsed<T> parsed = SettingsCodec.parse(type, json, valid);
            out.add(checked(type, parsed));
            if (parsed.isValid()) {
                valid.add(parsed.document());
            }
        }
        return out;
    }

    private static <T extends Record> Checked checked(SettingsType<T> type, Parsed<T> parsed) {
        if (!parsed.isValid()) {
            return new Checked(null, null, parsed.errors(), parsed.warnings());
        }
        return new Checked(type.idOf(parsed.document()), SettingsCodec.toJson(parsed.document()), List.of(),
                parsed.warnings());
    }

    /**
     * The GEO rewrite for a received body: GEO FQDNs and clusters naming the sender name this node,
     * and the other way round; every other type is stored as sent.
     */
    static String onReceipt(String path, String body, String fromAddress, String toAddress) {
        SettingsType<?> type = SettingsType.byApiPath(path).orElseThrow();
        if (type != SettingsType.GEO_FQDNS && type != SettingsType.GEO_CLUSTERS) {
            // Only these carry node addresses; everything else is stored exactly as the partner sent it.
            return body;
        }
        Optional<IpAddress> from = IpAddress.parse(fromAddress);
        Optional<IpAddress> to = IpAddress.parse(toAddress);
        if (from.isEmpty() || to.isEmpty()) {
            return body;
        }
        return rewrite(type, body, GeoRewrite.atReceiver(from.get(), to.get()));
    }

    private static <T extends Record> String rewrite(SettingsType<T> type, String body, GeoRewrite rewrite) {
        Parsed<T> parsed = SettingsCodec.parse(type, body);
        if (parsed.document() == null) {
            throw new IllegalArgumentException("partner sent an invalid " + type.apiPath() + ": " + parsed.errors());
        }
        return SettingsCodec.toJson(type.onReceipt(parsed.document(), rewrite));
    }
}
