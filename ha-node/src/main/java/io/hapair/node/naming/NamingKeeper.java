package io.hapair.node.naming;

import io.hapair.node.naming.model.NamingReadings;
import io.hapair.node.naming.model.ResolvConf;
import io.hapair.node.settings.Domain;
import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.Hostname;
import io.hapair.node.settings.NameServer;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the node-local host name, name servers and domain their effect on the host: sets the host name with
 * {@code hostname-command} (systemd's hostnamectl) and writes the name servers and the domain into the resolver's
 * file, at start and whenever one of them changes. A setting that is not stored leaves the host's own value alone.
 * The node does not watch the host between changes: a name or a file changed behind its back shows as drift in
 * {@link #readings()} and is put right at the next change of these settings or the next start, not fought every
 * few seconds. Trouble (a command that is missing or refused, a file it cannot write) is logged once per cause with
 * its fix, retried every {@link #RETRY_EVERY} until it is gone, and never stops the node. Deployed as a verticle;
 * the commands and the file run on a worker of their own, one thing at a time.
 */
public final class NamingKeeper extends VerticleBase {

    static final Duration RETRY_EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(NamingKeeper.class);
    private static final Set<String> TYPES = Set.of(SettingsType.HOSTNAME.apiPath(),
            SettingsType.NAME_SERVER.apiPath(), SettingsType.DOMAIN.apiPath());

    private final SettingsService settings;
    private final NamingHost host;
    private final boolean applies;
    private WorkerExecutor worker;
    private long timer;
    // On the verticle's context only.
    private boolean applying;
    private boolean applyAgain;
    private String hostnameProblem;
    private String resolverProblem;

    /**
     * @param applies false where the node must leave the host's name and resolver alone (host-network: store-only, as
     *                on a demo's shared machine): the settings are stored and read back beside the host, never applied
     */
    public NamingKeeper(SettingsService settings, NamingHost host, boolean applies) {
        this.settings = settings;
        this.host = host;
        this.applies = applies;
    }

    /** The stored settings, each empty when not stored. */
    private record Stored(Optional<Hostname> hostname, Optional<NameServer> nameServer, Optional<Domain> domain) {
    }

    /** What one apply did: the name set and whether the file was written, or why not (null: no trouble). */
    private record Outcome(String hostnameSet, boolean resolverWritten, String hostnameProblem,
                           String resolverProblem) {
    }

    @Override
    public Future<?> start() {
        worker = vertx.createSharedWorkerExecutor("hanode-naming", 1);
        if (!applies) {
            return Future.succeededFuture();
        }
        settings.onChange(types -> {
            if (types.stream().anyMatch(TYPES::contains)) {
                context.runOnContext(v -> apply());
            }
        });
        timer = vertx.setPeriodic(RETRY_EVERY.toMillis(), t -> {
            if (hostnameProblem != null || resolverProblem != null) {
                apply();
            }
        });
        apply();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (applies) {
            vertx.cancelTimer(timer);
        }
        return worker.close();
    }

    /**
     * The stored host name, name servers and domain beside what the host has now, one reading per stored setting
     * (see {@link NamingReadings}); the host name read from the kernel, the others from the resolver's file.
     */
    public Future<List<HostReading>> readings() {
        return stored().compose(stored -> worker.executeBlocking(() -> {
            String hostname = null;
            String hostnameSource = NamingHost.KERNEL_HOSTNAME.toString();
            try {
                hostname = NamingHost.hostname();
            } catch (IOException e) {
                hostnameSource = "cannot read " + hostnameSource + ": " + e;
            }
            ResolvConf.Reading resolver = null;
            String resolverSource = host.resolvConf().toString();
            try {
                resolver = ResolvConf.parse(HostNaming.readResolvConf(host.resolvConf()));
            } catch (IOException e) {
                resolverSource = "cannot read " + resolverSource + ": " + e;
            }
            return NamingReadings.of(stored.hostname(), stored.nameServer(), stored.domain(), hostname, hostnameSource,
                    resolver, resolverSource);
        }, false));
    }

    private Future<Stored> stored() {
        Future<Optional<Hostname>> hostname = first(SettingsType.HOSTNAME);
        Future<Optional<NameServer>> nameServer = first(SettingsType.NAME_SERVER);
        Future<Optional<Domain>> domain = first(SettingsType.DOMAIN);
        return Future.all(hostname, nameServer, domain)
                .map(all -> new Stored(hostname.result(), nameServer.result(), domain.result()));
    }

    /** A singleton's document, if stored. */
    private <T extends Record> Future<Optional<T>> first(SettingsType<T> type) {
        return settings.documents(type).map(docs -> docs.stream().findFirst());
    }

    /** Gives the host the stored settings; one run at a time, a change meanwhile runs it again. */
    private void apply() {
        if (applying) {
            applyAgain = true;
            return;
        }
        applying = true;
        applyAgain = false;
        stored().compose(stored -> worker.executeBlocking(() -> applyNow(stored), false)).onComplete(ar -> {
            applying = false;
            if (ar.succeeded()) {
                Outcome outcome = ar.result();
                if (outcome.hostnameSet() != null) {
                    LOG.info("naming: the host name is now {}", outcome.hostnameSet());
                }
                if (outcome.resolverWritten()) {
                    LOG.info("naming: wrote the name servers and the domain to {}", host.resolvConf());
                }
                hostnameProblem = said(hostnameProblem, outcome.hostnameProblem(), "no more trouble with the host name");
                resolverProblem = said(resolverProblem, outcome.resolverProblem(),
                        "no more trouble with " + host.resolvConf());
            } else {
                // The settings store failed to answer: the next change or retry reads it again.
                resolverProblem = said(resolverProblem, "cannot read the stored host name, name servers and domain: "
                        + ar.cause().getMessage(), null);
            }
            if (applyAgain) {
                apply();
            }
        });
    }

    /** Logs {@code now} unless it was said last time, and the recovery when trouble is gone; returns {@code now}. */
    private static String said(String before, String now, String recovered) {
        if (now != null && !now.equals(before)) {
            LOG.warn("naming: {}", now);
        } else if (now == null && before != null && recovered != null) {
            LOG.info("naming: {}", recovered);
        }
        return now;
    }

    /** On the worker: the host name, then the resolver's file, each only when stored and only when it differs. */
    private Outcome applyNow(Stored stored) {
        String hostnameSet = null;
        String hostnameTrouble = null;
        if (stored.hostname().isPresent()) {
            String name = stored.hostname().get().name();
            try {
                hostnameSet = HostNaming.setHostname(host, name) ? name : null;
            } catch (HostNaming.Failure e) {
                hostnameTrouble = e.getMessage();
            }
        }
        boolean written = false;
        String resolverTrouble = null;
        if (stored.nameServer().isPresent() || stored.domain().isPresent()) {
            Path file = host.resolvConf();
            try {
                String current = HostNaming.readResolvConf(file);
                String text = ResolvConf.render(stored.nameServer().map(NameServer::addresses).orElse(null),
                        stored.domain().map(Domain::name).orElse(null), current);
                written = HostNaming.writeResolvConf(file, text, current);
            } catch (IOException e) {
                resolverTrouble = "cannot read " + file + " (" + e + ")";
            } catch (HostNaming.Failure | IllegalArgumentException e) {
                resolverTrouble = e.getMessage();
            }
        }
        return new Outcome(hostnameSet, written, hostnameTrouble, resolverTrouble);
    }
}
