package io.hapair.node.geo;

import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoRewrite;
import io.hapair.geo.GeoShare;
import io.hapair.geo.IpAddress;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.role.HaMode;
import io.hapair.node.settings.Parsed;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.model.StoredDocument;
import io.hapair.node.validation.FieldError;
import java.util.List;

/**
 * Shared GEO documents between this node's stored form and the form they travel in between GEO units:
 * the form a pair's master stores (its GEO address is the master's). A slave swaps its own and its
 * master's address on the way out and back in (the pair's GEO rewrite); on the way in, clusters also
 * get their type as seen from this unit ({@link GeoShare}).
 */
final class UnitForm {

    /** A received document that is not a valid shared GEO document: the whole delivery is refused. */
    static final class Invalid extends RuntimeException {
        private final List<FieldError> errors;

        Invalid(String key, List<FieldError> errors) {
            super(key + ": " + errors);
            this.errors = errors.stream().map(e -> new FieldError("docs[" + key + "]." + e.field(), e.message())).toList();
        }

        List<FieldError> errors() {
            return errors;
        }
    }

    private final String unitAddress;
    private final GeoRewrite toMaster;

    private UnitForm(String unitAddress, GeoRewrite toMaster) {
        this.unitAddress = unitAddress;
        this.toMaster = toMaster;
    }

    static UnitForm of(NodeConfig config) {
        if (config.haMode() != HaMode.SLAVE) {
            return new UnitForm(IpAddress.canonical(config.primaryAddress()), null);
        }
        GeoRewrite swap = GeoRewrite.atReceiver(IpAddress.parse(config.primaryAddress()).orElseThrow(),
                IpAddress.parse(config.partner()).orElseThrow());
        return new UnitForm(IpAddress.canonical(config.partner()), swap);
    }

    /** This unit's GEO address: the master's for a pair, the unit's own for a standalone unit. */
    String unitAddress() {
        return unitAddress;
    }

    StoredDocument outgoing(StoredDocument doc) {
        if (doc.deleted() || toMaster == null) {
            return doc;
        }
        return withBody(doc, convert(doc, toMaster));
    }

    /** The document as this node stores it; {@link Invalid} when it is not a valid shared GEO document. */
    StoredDocument incoming(StoredDocument doc) {
        if (doc == null || doc.type() == null || doc.id() == null || doc.version() == null) {
            throw new Invalid(String.valueOf(doc == null ? null : doc.key()), List.of(new FieldError("version",
                    "every document needs its type, id and version")));
        }
        SettingsType<?> type = SettingsType.GEO_SHARED.stream().filter(t -> t.apiPath().equals(doc.type()))
                .findFirst().orElseThrow(() -> new Invalid(doc.key(), List.of(new FieldError("type",
                        "'" + doc.type() + "' is not shared between GEO partners; send only "
                                + SettingsType.GEO_SHARED.stream().map(SettingsType::apiPath).toList()))));
        if (doc.deleted()) {
            return doc;
        }
        return withBody(doc, fromUnit(type, doc));
    }

    private <T extends Record> String fromUnit(SettingsType<T> type, StoredDocument doc) {
        Parsed<T> parsed = SettingsCodec.parse(type, doc.body());
        if (!parsed.isValid()) {
            throw new Invalid(doc.key(), parsed.errors());
        }
        T document = parsed.document();
        if (!type.idOf(document).equals(doc.id())) {
            throw new Invalid(doc.key(), List.of(new FieldError("id", "the document's " + type.idField() + " is '"
                    + type.idOf(document) + "', not '" + doc.id() + "'")));
        }
        if (document instanceof GeoCluster cluster) {
            document = type.documentClass().cast(GeoShare.atReceiver(cluster, unitAddress));
        }
        return SettingsCodec.toJson(toMaster == null ? document : type.onReceipt(document, toMaster.reversed()));
    }

    private static String convert(StoredDocument doc, GeoRewrite rewrite) {
        return convert(SettingsType.byApiPath(doc.type()).orElseThrow(), doc.body(), rewrite);
    }

    /** The pair's address swap, by the settings registry's own rule for the type. */
    private static <T extends Record> String convert(SettingsType<T> type, String body, GeoRewrite rewrite) {
        T document = SettingsCodec.readStored(type, body);
        return document == null ? body : SettingsCodec.toJson(type.onReceipt(document, rewrite));
    }

    private static StoredDocument withBody(StoredDocument doc, String body) {
        return new StoredDocument(doc.type(), doc.id(), body, doc.version());
    }
}
