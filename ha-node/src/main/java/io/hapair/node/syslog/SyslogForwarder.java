package io.hapair.node.syslog;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.hapair.node.settings.SyslogTarget;
import io.hapair.node.settings.SyslogTarget.Severity;
import io.hapair.node.settings.HostReading;
import io.hapair.node.settings.SettingsType;
import io.hapair.node.sync.SettingsService;
import io.hapair.node.syslog.model.Rfc5424;
import io.hapair.node.syslog.model.SyslogMessage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.datagram.DatagramSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the node's log to every stored syslog target: each event the node logs (role transitions with their
 * reasons, sync refusals and conflicts, refused peers and logins, data-plane changes, ...) becomes an RFC 5424
 * message with the logging part of the node as MSGID. It follows the stored targets as they change (a target that
 * stays keeps its connection and queue). Deployed as a verticle: the sending has its own event loop, never the
 * role machine's, and whoever logs only queues.
 */
public final class SyslogForwarder extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogForwarder.class);
    private static final String TYPE = SettingsType.SYSLOG_TARGETS.apiPath();
    // What the forwarder and its senders log about their own trouble stays in the node's own log: sent to the
    // targets it would go round again when a target is the trouble.
    private static final String OWN_LOGGERS = SyslogForwarder.class.getPackageName();

    private final SettingsService settings;
    private final Rfc5424.Sender sender;
    private final Consumer<Collection<? extends SyslogStats>> published;
    private final Appender appender = new Appender();
    // Read by the appender on any thread; replaced whole on the context.
    private volatile List<SyslogSender> senders = List.of();
    private DatagramSocket udp;

    /**
     * @param sender    the node's name, program, process and version, as every message carries them
     * @param published told the targets' statistics each time the stored targets change, for /metrics
     */
    public SyslogForwarder(SettingsService settings, Rfc5424.Sender sender,
                           Consumer<Collection<? extends SyslogStats>> published) {
        this.settings = settings;
        this.sender = sender;
        this.published = published;
    }

    @Override
    public Future<?> start() {
        udp = vertx.createDatagramSocket();
        settings.onChange(types -> {
            if (types.contains(TYPE)) {
                context.runOnContext(v -> reload());
            }
        });
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            appender.setContext(logback);
            appender.setName("SYSLOG");
            appender.start();
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        } else {
            LOG.warn("syslog: the node does not log through logback ({}); syslog targets get nothing",
                    LoggerFactory.getILoggerFactory().getClass().getName());
        }
        return reload();
    }

    @Override
    public Future<?> stop() {
        appender.stop();
        if (appender.getContext() instanceof LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        }
        senders.forEach(SyslogSender::close);
        senders = List.of();
        return udp.close();
    }

    /**
     * Each stored target beside whether the node reaches it now: its transport://host:port when the last send (or
     * connect) to it worked, nothing when it did not or when no sender follows it yet.
     */
    public Future<List<HostReading>> readings() {
        return settings.documents(SettingsType.SYSLOG_TARGETS).map(stored -> stored.stream().map(target -> {
            boolean up = senders.stream().anyMatch(s -> s.target().equals(target) && s.up());
            return new HostReading(TYPE, target.host(), target.label(), up ? target.label() : null,
                    "the node's syslog forwarder: its last send or connect");
        }).toList());
    }

    /** The stored targets, read again; reloads run on this verticle's context one after the other. */
    private Future<Void> reload() {
        return settings.documents(SettingsType.SYSLOG_TARGETS).map(targets -> {
            follow(targets);
            return null;
        });
    }

    /** Keeps the senders of targets that stay as they were, closes the others, starts the new ones. */
    private void follow(List<SyslogTarget> targets) {
        Map<SyslogTarget, SyslogSender> kept = new HashMap<>();
        senders.forEach(s -> kept.put(s.target(), s));
        List<SyslogSender> next = new ArrayList<>();
        boolean changed = false;
        for (SyslogTarget target : targets) {
            SyslogSender s = kept.remove(target);
            changed |= s == null;
            next.add(s != null ? s : new SyslogSender(vertx, context, target, sender, udp,
                    SyslogSender.QUEUE_CAPACITY));
        }
        changed |= !kept.isEmpty();
        kept.values().forEach(SyslogSender::close);
        senders = List.copyOf(next);
        published.accept(senders);
        if (changed) {
            LOG.info("syslog: sending the node's log to {}", next.isEmpty() ? "no target"
                    : String.join(", ", next.stream().map(SyslogSender::label).toList()));
        }
    }

    /** RFC 5424's severity for a logback level: ERROR err, WARN warning, INFO info, DEBUG and TRACE debug. */
    static Severity severity(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> Severity.ERR;
            case Level.WARN_INT -> Severity.WARNING;
            case Level.INFO_INT -> Severity.INFO;
            default -> Severity.DEBUG;
        };
    }

    /** The event as a syslog message: the logging class as MSGID, the exception's summary after the text. */
    static SyslogMessage message(ILoggingEvent event) {
        String logger = event.getLoggerName();
        String text = event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            text = text + " (" + thrown.getClassName() + ": " + thrown.getMessage() + ")";
        }
        return new SyslogMessage(event.getTimeStamp(), severity(event.getLevel()),
                logger.substring(logger.lastIndexOf('.') + 1), text);
    }

    /** Queues every event the node logs (at the node's log level) for every target; never waits. */
    private final class Appender extends UnsynchronizedAppenderBase<ILoggingEvent> {

        @Override
        protected void append(ILoggingEvent event) {
            List<SyslogSender> targets = senders;
            if (targets.isEmpty() || event.getLoggerName().startsWith(OWN_LOGGERS)) {
                return;
            }
            SyslogMessage message = message(event);
            for (SyslogSender s : targets) {
                s.offer(message);
            }
        }
    }
}
