package io.hapair.node.geo;

import io.hapair.geo.ClientLocations;
import io.hapair.geo.GeoClientLocation;
import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import io.hapair.node.settings.Parsed;
import io.hapair.node.settings.SettingsCodec;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.sync.model.StoredDocument;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GEO DNS on a node: the server, fed with the stored GEO FQDNs, clusters and client locations (re-read
 * whenever one of them changes, by an edit here or by what sync delivered from a partner) and the pair's
 * health.
 */
public final class GeoDns {

    private static final Logger LOG = LoggerFactory.getLogger(GeoDns.class);
    private static final List<String> TYPES = List.of(SettingsType.GEO_FQDNS.apiPath(),
            SettingsType.GEO_CLUSTERS.apiPath(), SettingsType.GEO_CLIENT_LOCATIONS.apiPath());

    private final Vertx vertx;
    private final SettingsService settings;
    private final PairHealth health;
    private final AtomicReference<GeoZones> zones;
    private final DnsStats stats = new DnsStats();

    public GeoDns(Vertx vertx, SettingsService settings, PairHealth health) {
        this.vertx = vertx;
        this.settings = settings;
        this.health = health;
        this.zones = new AtomicReference<>(
                GeoZones.of(List.of(), Map.of(), ClientLocations.of(List.of()), health));
    }

    /**
     * Listens on {@code host:port}, each UDP socket with {@code receiveBuffer} bytes of receive buffer. Fails,
     * with the keys and the fix, when it cannot: the node was told to serve DNS there, and clients the
     * balancer sends would get no answer.
     */
    public Future<Void> start(String host, int port, int receiveBuffer) {
        // Reloads run on this context one after the other, so a later snapshot never gives way to an older one.
        Context context = vertx.getOrCreateContext();
        settings.onChange(types -> {
            if (types.stream().anyMatch(TYPES::contains)) {
                context.runOnContext(v -> reload());
            }
        });
        reload();
        return GeoDnsServer.deploy(vertx, host, port, receiveBuffer, new GeoDnsResponder(zones::get, stats));
    }

    public DnsStats stats() {
        return stats;
    }

    /** The GEO clusters as last read from the settings. */
    public Collection<GeoCluster> clusters() {
        return zones.get().clusters().values();
    }

    private void reload() {
        settings.list(TYPES).onSuccess(docs -> {
            List<GeoFqdn> fqdns = new ArrayList<>();
            List<GeoCluster> clusters = new ArrayList<>();
            List<GeoClientLocation> locations = new ArrayList<>();
            for (StoredDocument doc : docs) {
                if (doc.type().equals(SettingsType.GEO_FQDNS.apiPath())) {
                    valid(SettingsCodec.parse(SettingsType.GEO_FQDNS, doc.body()), doc, fqdns);
                } else if (doc.type().equals(SettingsType.GEO_CLUSTERS.apiPath())) {
                    valid(SettingsCodec.parse(SettingsType.GEO_CLUSTERS, doc.body()), doc, clusters);
                } else {
                    valid(SettingsCodec.parse(SettingsType.GEO_CLIENT_LOCATIONS, doc.body()), doc, locations);
                }
            }
            Map<String, GeoCluster> byName = new HashMap<>();
            clusters.forEach(c -> byName.put(c.name(), c));
            zones.set(GeoZones.of(fqdns, byName, ClientLocations.of(locations), health));
        }).onFailure(e -> LOG.warn("geo: keeping the previous GEO settings, cannot read the store: {}", e.getMessage()));
    }

    /** Stored documents were valid when written; one that no longer parses is skipped, not answered wrongly. */
    private static <T extends Record> void valid(Parsed<T> parsed, StoredDocument doc, List<T> into) {
        if (parsed.isValid()) {
            into.add(parsed.document());
        } else {
            LOG.warn("geo: skipping {} : {}", doc.key(), parsed.errors());
        }
    }
}
