package io.hapair.node.snmp;

import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.settings.SnmpSettings;
import io.hapair.node.snmp.model.HaView;
import io.hapair.node.snmp.model.HapairMib;
import io.hapair.node.snmp.model.Notification;
import io.hapair.node.sync.SettingsService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the stored SNMP settings their effect: while they are enabled, an SNMP agent answers on the node's primary
 * address and the configured port (SNMPv2-MIB's system group and HAPAIR-MIB's HA group, to the community over
 * SNMPv2c and to the users over SNMPv3 at authPriv), and every role transition and every loss or return of the
 * partner goes to the trap targets as a trap or an inform. It follows the stored settings as they change (the
 * agent stops, starts or binds anew) and retries a bind that failed every {@link #RETRY_EVERY_MILLIS}; trouble is
 * logged once per cause, with the fix. Deployed as a verticle: the sockets open and close, and notifications go
 * out, on a worker of its own, one thing at a time; the node's event loop only hands over its HA state
 * ({@link #observe}, {@link #transitioned}).
 */
public final class SnmpAgent extends VerticleBase {

    static final long RETRY_EVERY_MILLIS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(SnmpAgent.class);
    private static final String TYPE = SettingsType.SNMP.apiPath();

    /**
     * Who the agent speaks for.
     *
     * @param address         the node's primary address, where the agent listens and notifications come from
     * @param nodeName        the node's name: sysName, and the text of its SNMPv3 engine ID
     * @param softwareVersion for sysDescr
     */
    public record Identity(String address, String nodeName, String softwareVersion) {
    }

    private final SettingsService settings;
    private final Identity identity;
    private final LongSupplier clock;
    private final long startedAt;
    private final NotificationCounts counts = new NotificationCounts();
    private WorkerExecutor worker;
    private long timer;
    // Replaced on the worker only; read by readings() and /metrics.
    private volatile AgentSession session;
    // On the worker only.
    private String problem;
    // Read by the agent's requests on SNMP4J's thread and by readings() on any.
    private volatile SnmpSettings applied;
    private volatile HaView ha;
    private volatile String lastError;

    /** @param clock the wall clock: sysUpTime counts from the agent's construction */
    public SnmpAgent(SettingsService settings, Identity identity, LongSupplier clock) {
        this.settings = settings;
        this.identity = identity;
        this.clock = clock;
        this.startedAt = clock.getAsLong();
    }

    @Override
    public Future<?> start() {
        worker = vertx.createSharedWorkerExecutor("hanode-snmp", 1);
        settings.onChange(types -> {
            if (types.contains(TYPE)) {
                context.runOnContext(v -> reload());
            }
        });
        timer = vertx.setPeriodic(RETRY_EVERY_MILLIS, t -> {
            if (lastError != null) {
                reload();
            }
        });
        reload();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return worker.executeBlocking(() -> {
            closeSession();
            return null;
        }, true).eventually(() -> worker.close());
    }

    /** The node's HA state now; called on the node's event loop, it only hands the snapshot over. */
    public void observe(HaView now) {
        HaView before = ha;
        ha = now;
        if (before != null) {
            Notification.partnerChange(before.partner(), now.partner()).ifPresent(n -> send(n, now));
        }
    }

    /** A role transition happened, {@code now} saying to what and why; called on the node's event loop. */
    public void transitioned(HaView now) {
        ha = now;
        send(Notification.ROLE_TRANSITION, now);
    }

    /** The notifications sent, acknowledged and failed, for /metrics. */
    public NotificationCounts counts() {
        return counts;
    }

    /** The UDP port the stored settings have the agent answer on; empty while they ask for no agent. */
    public OptionalInt answeringPort() {
        SnmpSettings s = applied;
        return s == null ? OptionalInt.empty() : s.agentPort();
    }

    /** Whether the agent listens as the stored settings ask (true too when they ask for no agent). */
    public boolean asStored() {
        SnmpSettings s = applied;
        return lastError == null && (s == null || !s.enabled() || session != null);
    }

    /**
     * The agent's socket beside the stored settings, for the drift view: stored {@code udp ADDRESS:PORT} when the
     * agent is enabled, actual the address the agent's socket is bound to now (null when it is not listening).
     */
    public Future<List<HostReading>> readings() {
        return settings.documents(SettingsType.SNMP).compose(stored -> worker.executeBlocking(() -> {
            SnmpSettings s = stored.isEmpty() ? null : stored.get(0);
            String want = s == null || !s.enabled() ? null : AgentSession.label(identity.address(), s.port());
            AgentSession now = session;
            String error = lastError;
            return List.of(new HostReading(TYPE, "agent", want, now == null ? null : now.boundLabel(),
                    error != null ? error : "the agent's UDP socket"));
        }, true));
    }

    /** The stored settings, read again and applied on the worker; reloads queue there one after the other. */
    private Future<Void> reload() {
        return settings.documents(SettingsType.SNMP)
                .compose(stored -> worker.executeBlocking(() -> {
                    apply(stored.isEmpty() ? null : stored.get(0));
                    return null;
                }, true))
                .<Void>mapEmpty()
                .onFailure(e -> LOG.warn("snmp: could not read the stored SNMP settings: {}", e.getMessage()));
    }

    /** On the worker: keeps a session that matches, or closes it and opens one for the settings. */
    private void apply(SnmpSettings wanted) {
        if (session != null && session.settings().equals(wanted) && lastError == null) {
            return;
        }
        boolean wasRunning = session != null;
        closeSession();
        applied = wanted;
        if (wanted == null || !wanted.enabled()) {
            trouble(null);
            if (wasRunning) {
                LOG.info("snmp: the agent stopped (disabled in the SNMP settings)");
            }
            return;
        }
        try {
            session = AgentSession.open(identity, wanted, new AgentSession.Values() {
                @Override
                public HapairMib.SystemInfo system() {
                    return systemInfo(wanted);
                }

                @Override
                public HaView ha() {
                    return ha;
                }

                @Override
                public long upMillis() {
                    return clock.getAsLong() - startedAt;
                }

                @Override
                public long startedAt() {
                    return startedAt;
                }
            }, counts);
            trouble(null);
            LOG.info("snmp: agent listening on {} ({}{}), notifications to {}", session.boundLabel(),
                    wanted.community() == null ? "no v2c community" : "v2c community",
                    wanted.users().isEmpty() ? "" : ", v3 users " + String.join(", ",
                            wanted.users().stream().map(SnmpSettings.User::name).toList()),
                    wanted.trapTargets().isEmpty() ? "no trap target" : String.join(", ", wanted.trapTargets()
                            .stream().map(t -> AgentSession.label(t.host(), t.port())).toList()));
        } catch (Exception e) {
            trouble(AgentSession.explain(identity.address(), wanted.port(), e));
        }
    }

    private HapairMib.SystemInfo systemInfo(SnmpSettings s) {
        return new HapairMib.SystemInfo("ha-pair node " + identity.softwareVersion() + " (hanode)",
                identity.nodeName(), s.contact(), s.location());
    }

    /** Logs a new cause of trouble once, and when it is over. */
    private void trouble(String now) {
        if (now != null && !now.equals(problem)) {
            LOG.warn("snmp: {}", now);
        } else if (now == null && problem != null) {
            LOG.info("snmp: the agent's trouble is over");
        }
        problem = now;
        lastError = now;
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** Queues the notification on the worker; a disabled agent or one without targets sends nothing. */
    private void send(Notification notification, HaView view) {
        long up = clock.getAsLong() - startedAt;
        worker.executeBlocking(() -> {
            if (session != null) {
                session.notify(notification, notification.bindings(view, up, startedAt));
            }
            return null;
        }, true).onFailure(e -> LOG.warn("snmp: could not send {}: {}", notification, e.getMessage()));
    }

    /** Notifications by outcome, counted from SNMP4J's threads. */
    public static final class NotificationCounts {
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();

        void sent() {
            sent.incrementAndGet();
        }

        void acknowledged() {
            acknowledged.incrementAndGet();
        }

        void failed() {
            failed.incrementAndGet();
        }

        /** Traps and informs handed to the network. */
        public long sentCount() {
            return sent.get();
        }

        /** Informs the receiver acknowledged. */
        public long acknowledgedCount() {
            return acknowledged.get();
        }

        /** Notifications that could not be sent, or informs never acknowledged. */
        public long failedCount() {
            return failed.get();
        }
    }
}
