package io.hapair.node.pairing.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether the certificate the partner presents on the peer link is trusted, and what the pin becomes.
 * Configured fingerprints ({@code partner-fingerprint}) decide alone when there are any; otherwise the
 * first certificate seen is pinned, and a different one is refused until an operator accepts it.
 *
 * <p>The partner presents its certificate on our connection to it (as the TLS server) and, from this
 * version on, on its connection to us (as the TLS client). A partner of an earlier version presents none
 * on its connection to us; that is let through (address and secret still checked) until the partner has
 * once presented one, so that the standby can be upgraded first without either node losing the other.
 */
public final class PinRules {

    private PinRules() {
    }

    /** The answer to one connection. */
    public sealed interface Verdict {
    }

    /**
     * The connection is trusted; {@code pin} is what to keep (null when the configuration decides or
     * nothing is known yet), {@code changed} whether it differs from what was kept.
     */
    public record Trusted(PartnerPin pin, boolean changed) implements Verdict {
    }

    /** The connection is refused, with the reason and what to do about it. */
    public record Refused(String reason) implements Verdict {
    }

    /**
     * @param configured the fingerprints of {@code partner-fingerprint}, empty when unset
     * @param kept       the pin in the data directory, null before the first contact
     * @param presented  the fingerprint of the certificate the partner presented
     * @param incoming   whether on the partner's connection to us (else on ours to it)
     * @param now        epoch milliseconds, for a new pin
     */
    public static Verdict check(List<Fingerprint> configured, PartnerPin kept, Fingerprint presented, boolean incoming,
                                long now) {
        if (!configured.isEmpty()) {
            return configured.contains(presented) ? new Trusted(null, false) : new Refused("partner presented certificate "
                    + presented + ", which partner-fingerprint (" + list(configured) + ") does not list; if the"
                    + " partner's certificate was renewed, verify the new fingerprint on the partner and add it to"
                    + " partner-fingerprint");
        }
        if (kept == null) {
            return new Trusted(new PartnerPin(presented, null, PartnerPin.Source.FIRST_CONTACT, now, incoming), true);
        }
        PartnerPin pin;
        if (kept.current().equals(presented)) {
            pin = kept;
        } else if (presented.equals(kept.next())) {
            pin = new PartnerPin(presented, null, PartnerPin.Source.OPERATOR, now, kept.mutual());
        } else {
            return new Refused("partner presented certificate " + presented + ", not the pinned " + kept.current()
                    + "; if the partner's certificate really changed, verify the new fingerprint on the partner and"
                    + " accept it (POST /api/v1/pairing/accept or the HA page)");
        }
        if (incoming && !pin.mutual()) {
            pin = new PartnerPin(pin.current(), pin.next(), pin.source(), pin.pinnedAt(), true);
        }
        return new Trusted(pin, !pin.equals(kept));
    }

    /** A partner's connection to us that presents no certificate. */
    public static Verdict checkWithoutCertificate(List<Fingerprint> configured, PartnerPin kept) {
        if (!configured.isEmpty()) {
            return new Refused("partner's connection presents no certificate, and partner-fingerprint requires one;"
                    + " a partner of an earlier version presents none: upgrade it");
        }
        if (kept != null && kept.mutual()) {
            return new Refused("partner's connection presents no certificate, though the partner presented "
                    + kept.current() + " before; only an impostor or a downgraded partner does that");
        }
        return new Trusted(kept, false);
    }

    /**
     * The pin after an operator accepts {@code fingerprint}: the current fingerprint stays trusted until the
     * partner presents the accepted one, so accepting ahead of a certificate rotation keeps the link up.
     */
    public static PartnerPin accept(PartnerPin kept, Fingerprint fingerprint, long now) {
        if (kept == null) {
            return new PartnerPin(fingerprint, null, PartnerPin.Source.OPERATOR, now, false);
        }
        return new PartnerPin(kept.current(), fingerprint, kept.source(), kept.pinnedAt(), kept.mutual());
    }

    private static String list(List<Fingerprint> fingerprints) {
        return fingerprints.stream().map(Fingerprint::toString).collect(Collectors.joining(", "));
    }
}
