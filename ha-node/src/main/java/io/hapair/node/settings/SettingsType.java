package io.hapair.node.settings;

import io.hapair.geo.GeoClientLocation;
import io.hapair.geo.GeoCluster;
import io.hapair.geo.GeoFqdn;
import io.hapair.geo.GeoPartner;
import io.hapair.geo.GeoRewrite;
import io.hapair.geo.RemoteGeoAccess;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every settings type, in one list: its API path name, its record, whether it is synced, whether it
 * is a singleton, where a document's id comes from, its rules, and what the GEO rewrite does to it
 * when it arrives from the partner. The node-local types are exactly DESIGN.md's "never synced"
 * list; every other type is synced.
 *
 * <p>A collection's document carries its id in a field (the virtual service's name, the FQDN...); a
 * singleton has one document whose id is its API path name.
 */
public final class SettingsType<T extends Record> {

    private static final boolean SYNCED = true;
    private static final boolean NODE_LOCAL = false;

    public static final SettingsType<VirtualService> VIRTUAL_SERVICES = collection(SYNCED, "virtual-services",
            "virtual service", VirtualService.class, "name", VirtualService::name, new VirtualServiceRules());
    public static final SettingsType<GeoFqdn> GEO_FQDNS = collection(SYNCED, "geo-fqdns",
            "GEO FQDN", GeoFqdn.class, "fqdn", GeoFqdn::fqdn, GeoRules.FQDN)
            .rewrittenOnReceipt(GeoRewrite::apply);
    public static final SettingsType<GeoCluster> GEO_CLUSTERS = collection(SYNCED, "geo-clusters",
            "GEO cluster", GeoCluster.class, "name", GeoCluster::name, GeoRules.CLUSTER)
            .rewrittenOnReceipt(GeoRewrite::apply);
    public static final SettingsType<GeoPartner> GEO_PARTNERS = collection(SYNCED, "geo-partners",
            "GEO partner", GeoPartner.class, "address", GeoPartner::address, GeoRules.PARTNER);
    public static final SettingsType<RemoteGeoAccess> GEO_REMOTE_ACCESS = collection(SYNCED, "geo-remote-access",
            "remote GEO access entry", RemoteGeoAccess.class, "address", RemoteGeoAccess::address,
            GeoRules.REMOTE_ACCESS);
    // Not rewritten on receipt: client networks are the same seen from either node.
    public static final SettingsType<GeoClientLocation> GEO_CLIENT_LOCATIONS = collection(SYNCED,
            "geo-client-locations", "GEO client location", GeoClientLocation.class, "name", GeoClientLocation::name,
            GeoRules.CLIENT_LOCATION);
    public static final SettingsType<SyslogTarget> SYSLOG_TARGETS = collection(SYNCED, "syslog-targets",
            "syslog target", SyslogTarget.class, "host", SyslogTarget::host, ApplianceRules.SYSLOG);
    public static final SettingsType<NtpServer> NTP_SERVERS = collection(SYNCED, "ntp-servers",
            "NTP server", NtpServer.class, "host", NtpServer::host, ApplianceRules.NTP);
    public static final SettingsType<SnmpSettings> SNMP = singleton(SYNCED, "snmp",
            "SNMP settings", SnmpSettings.class, ApplianceRules.SNMP);
    public static final SettingsType<WuiSettings> WUI = singleton(SYNCED, "wui",
            "WUI settings", WuiSettings.class, ApplianceRules.WUI);
    public static final SettingsType<VsCertificate> VS_CERTIFICATES = collection(SYNCED, "vs-certificates",
            "virtual-service certificate", VsCertificate.class, "name", VsCertificate::name,
            ApplianceRules.VS_CERTIFICATE);

    public static final SettingsType<DefaultGateway> DEFAULT_GATEWAY = singleton(NODE_LOCAL, "default-gateway",
            "default gateway", DefaultGateway.class, NodeLocalRules.DEFAULT_GATEWAY);
    public static final SettingsType<InterfaceAddress> IP_ADDRESSES = collection(NODE_LOCAL, "ip-addresses",
            "IP address", InterfaceAddress.class, "interfaceName", InterfaceAddress::interfaceName,
            NodeLocalRules.INTERFACE_ADDRESS);
    public static final SettingsType<Hostname> HOSTNAME = singleton(NODE_LOCAL, "hostname",
            "hostname", Hostname.class, NodeLocalRules.HOSTNAME);
    public static final SettingsType<NameServer> NAME_SERVER = singleton(NODE_LOCAL, "name-server",
            "name server", NameServer.class, NodeLocalRules.NAME_SERVER);
    public static final SettingsType<Domain> DOMAIN = singleton(NODE_LOCAL, "domain",
            "domain", Domain.class, NodeLocalRules.DOMAIN);
    public static final SettingsType<AdminGateway> ADMIN_GATEWAY = singleton(NODE_LOCAL, "admin-gateway",
            "admin default gateway", AdminGateway.class, NodeLocalRules.ADMIN_GATEWAY);
    public static final SettingsType<AdminCertificate> ADMIN_CERTIFICATE = singleton(NODE_LOCAL, "admin-certificate",
            "administrative certificate", AdminCertificate.class, NodeLocalRules.ADMIN_CERTIFICATE);
    public static final SettingsType<InterfaceSettings> INTERFACES = collection(NODE_LOCAL, "interfaces",
            "interface", InterfaceSettings.class, "name", InterfaceSettings::name, NodeLocalRules.INTERFACE);
    // The id is the Linux name parent.tag, built from two fields; a clash is reported on the tag.
    public static final SettingsType<Vlan> VLANS = collection(NODE_LOCAL, "vlans",
            "VLAN", Vlan.class, "vlanId", Vlan::id, NodeLocalRules.VLAN);
    public static final SettingsType<Vxlan> VXLANS = collection(NODE_LOCAL, "vxlans",
            "VXLAN", Vxlan.class, "name", Vxlan::name, NodeLocalRules.VXLAN);
    public static final SettingsType<Route> ROUTES = collection(NODE_LOCAL, "routes",
            "route", Route.class, "name", Route::name, NodeLocalRules.ROUTE);

    /**
     * The GEO types that GEO partners (the other pairs and standalone units of a GEO deployment) share.
     * The partners list and the remote access list stay per unit: each unit's differ (hanode geo plan).
     */
    public static final List<SettingsType<?>> GEO_SHARED = List.of(GEO_FQDNS, GEO_CLUSTERS, GEO_CLIENT_LOCATIONS);

    /** Every type, synced ones first, in the order above. */
    public static final List<SettingsType<?>> ALL = List.of(VIRTUAL_SERVICES, GEO_FQDNS, GEO_CLUSTERS, GEO_PARTNERS,
            GEO_REMOTE_ACCESS, GEO_CLIENT_LOCATIONS, SYSLOG_TARGETS, NTP_SERVERS, SNMP, WUI, VS_CERTIFICATES,
            DEFAULT_GATEWAY, IP_ADDRESSES, HOSTNAME, NAME_SERVER, DOMAIN, ADMIN_GATEWAY, ADMIN_CERTIFICATE,
            INTERFACES, VLANS, VXLANS, ROUTES);
    // A map, not a search of ALL: a full resync looks up the type of each of thousands of received documents.
    private static final Map<String, SettingsType<?>> BY_API_PATH = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(SettingsType::apiPath, Function.identity()));

    private final boolean synced;
    private final String apiPath;
    private final String noun;
    private final Class<T> documentClass;
    private final String idField;
    private final Function<T, String> id;
    private final DocumentRules<T> rules;
    private final BiFunction<GeoRewrite, T, T> onReceipt;

    private SettingsType(boolean synced, String apiPath, String noun, Class<T> documentClass, String idField,
                         Function<T, String> id, DocumentRules<T> rules, BiFunction<GeoRewrite, T, T> onReceipt) {
        this.synced = synced;
        this.apiPath = apiPath;
        this.noun = noun;
        this.documentClass = documentClass;
        this.idField = idField;
        this.id = id;
        this.rules = rules;
        this.onReceipt = onReceipt;
    }

    private static <T extends Record> SettingsType<T> collection(boolean synced, String apiPath, String noun,
            Class<T> documentClass, String idField, Function<T, String> id, DocumentRules<T> rules) {
        return new SettingsType<>(synced, apiPath, noun, documentClass, idField, id, rules, (rewrite, doc) -> doc);
    }

    private static <T extends Record> SettingsType<T> singleton(boolean synced, String apiPath, String noun,
            Class<T> documentClass, DocumentRules<T> rules) {
        return new SettingsType<>(synced, apiPath, noun, documentClass, null, doc -> apiPath, rules,
                (rewrite, doc) -> doc);
    }

    private SettingsType<T> rewrittenOnReceipt(BiFunction<GeoRewrite, T, T> rewrite) {
        return new SettingsType<>(synced, apiPath, noun, documentClass, idField, id, rules, rewrite);
    }

    public static Optional<SettingsType<?>> byApiPath(String apiPath) {
        return Optional.ofNullable(BY_API_PATH.get(apiPath));
    }

    /** The name under {@code /api/v1/}: plural for collections, singular for singletons. */
    public String apiPath() {
        return apiPath;
    }

    public Class<T> documentClass() {
        return documentClass;
    }

    /** Whether documents of this type travel to the partner; false for the node-local ones. */
    public boolean synced() {
        return synced;
    }

    /** One document with a fixed id (the API path name), rather than a collection. */
    public boolean singleton() {
        return idField == null;
    }

    /** The JSON field that holds (or, for VLANs, completes) a document's id; null for a singleton. */
    public String idField() {
        return idField;
    }

    /** The document's id: from its id field, or the API path name for a singleton. */
    public String idOf(T document) {
        return id.apply(document);
    }

    /**
     * The document as the receiver stores it: GEO FQDNs and clusters get the GEO rewrite, every
     * other type is stored as sent.
     */
    public T onReceipt(T document, GeoRewrite rewrite) {
        return onReceipt.apply(rewrite, document);
    }

    String noun() {
        return noun;
    }

    DocumentRules<T> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return apiPath;
    }
}
