package io.hapair.node.pairing;

import io.hapair.node.pairing.model.Fingerprint;
import io.hapair.node.pairing.model.PartnerPin;
import io.hapair.node.pairing.model.PinRules;
import io.hapair.node.peer.PartnerCertificates;
import io.hapair.node.tls.NodeCertificate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusted pairing: which certificate the partner may present on the peer link. The peer link asks it
 * about every connection, either way, and tells it when the partner proved the pairing secret (only
 * then is a first contact pinned, so a stranger without the secret is never pinned); the API shows
 * its state and takes an operator's acceptance. Used from the node's and the API's event loops, hence synchronized;
 * the pin file is written only when the pin changes (first contact, acceptance, rotation).
 */
public final class PartnerTrust implements PartnerCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerTrust.class);

    private final Fingerprint own;
    private final List<Fingerprint> configured;
    private final PinFile file;
    private final LongSupplier clock;
    private PartnerPin pin;
    private Fingerprint presented;
    private Fingerprint refused;
    private String refusal;
    private long refusals;
    // The partner's last connection to us presented no certificate: a partner of an earlier version.
    private boolean unverifiedIncoming;

    /**
     * @param own        the fingerprint of this node's own peer-link certificate
     * @param configured {@code partner-fingerprint}, empty when unset
     */
    public PartnerTrust(Fingerprint own, List<Fingerprint> configured, Path dataDir, LongSupplier clock) {
        this.own = own;
        this.configured = List.copyOf(configured);
        this.file = new PinFile(dataDir);
        this.clock = clock;
        this.pin = file.read();
    }

    @Override
    public synchronized Optional<String> refusal(Certificate certificate, boolean incoming) {
        Fingerprint fingerprint = fingerprintOf(certificate);
        if (fingerprint != null) {
            presented = fingerprint;
        }
        if (verdict(fingerprint, incoming) instanceof PinRules.Refused r) {
            refusals++;
            refused = fingerprint;
            refusal = r.reason();
            return Optional.of(r.reason());
        }
        return Optional.empty();
    }

    /** Keeps the pin this certificate makes (first contact, an accepted one presented, mutual): only now, after the secret. */
    @Override
    public synchronized void authenticated(Certificate certificate, boolean incoming) {
        Fingerprint fingerprint = fingerprintOf(certificate);
        if (!(verdict(fingerprint, incoming) instanceof PinRules.Trusted trusted)) {
            return;
        }
        if (trusted.changed()) {
            file.write(trusted.pin());
            if (pin == null) {
                LOG.warn("pairing: pinned the partner's certificate {} on first contact (in {}); verify it against the"
                        + " fingerprint the partner shows (GET /api/v1/pairing there)", fingerprint, file.path());
            } else if (!pin.current().equals(trusted.pin().current())) {
                LOG.info("pairing: the partner now presents the accepted certificate {}; it replaces {}", fingerprint,
                        pin.current());
            }
            pin = trusted.pin();
        }
        if (fingerprint == null) {
            unverifiedIncoming = true;
            return;
        }
        if (incoming) {
            unverifiedIncoming = false;
        }
        if (fingerprint.equals(refused)) {
            refused = null;
            refusal = null;
        }
    }

    private PinRules.Verdict verdict(Fingerprint fingerprint, boolean incoming) {
        return fingerprint == null ? PinRules.checkWithoutCertificate(configured, pin)
                : PinRules.check(configured, pin, fingerprint, incoming, clock.getAsLong());
    }

    private static Fingerprint fingerprintOf(Certificate certificate) {
        return certificate == null ? null : Fingerprint.of(NodeCertificate.fingerprintOf(certificate));
    }

    /**
     * An operator trusts {@code fingerprint} from now on (a changed certificate that was refused, or the next
     * one before a rotation); the current pin stays trusted until the partner presents it. Empty on success,
     * else why not.
     */
    public synchronized Optional<String> accept(Fingerprint fingerprint) {
        if (!configured.isEmpty()) {
            return Optional.of("partner-fingerprint is configured and decides alone; add " + fingerprint
                    + " to partner-fingerprint instead");
        }
        pin = PinRules.accept(pin, fingerprint, clock.getAsLong());
        file.write(pin);
        LOG.warn("pairing: an operator accepted the partner certificate {}", fingerprint);
        return Optional.empty();
    }

    /** Certificates the partner presented that were refused, since start. */
    public synchronized long refusals() {
        return refusals;
    }

    /** The pairing's state for the status and the API. */
    public synchronized JsonObject status() {
        JsonObject json = new JsonObject().put("ownFingerprint", own.toString())
                .put("configured", new JsonArray(configured.stream().map(Fingerprint::toString).toList()))
                .put("presented", text(presented))
                .put("refusedFingerprint", text(refused)).put("refusal", refusal).put("refusals", refusals);
        if (configured.isEmpty() && pin != null) {
            json.put("pinned", text(pin.current())).put("next", text(pin.next()))
                    .put("source", pin.source().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .put("pinnedAt", pin.pinnedAt());
        }
        if (unverifiedIncoming) {
            json.put("incomingWithoutCertificate", "the partner's connection to this node presents no certificate (a"
                    + " partner of an earlier version): it is checked by address and pairing secret only; upgrade it");
        }
        json.put("trust", configured.isEmpty() ? pin == null ? "unpinned" : "pinned" : "configured");
        if (configured.isEmpty() && pin != null && pin.source() == PartnerPin.Source.FIRST_CONTACT) {
            json.put("warning", "the partner's certificate was trusted on first contact: check that "
                    + pin.current() + " is the fingerprint the partner shows, or set partner-fingerprint");
        }
        return json;
    }

    private static String text(Fingerprint f) {
        return f == null ? null : f.toString();
    }
}
