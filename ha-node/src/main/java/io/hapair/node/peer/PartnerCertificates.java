package io.hapair.node.peer;

import java.security.cert.Certificate;
import java.util.Optional;

/**
 * Whether the certificate the partner presents on the peer link is the partner's (trusted pairing). Asked
 * on our connection before our proof of the secret goes out, and on the partner's once its proof verified;
 * told once the other side has proved the secret, which is when a first contact may be pinned.
 */
public interface PartnerCertificates {

    /**
     * Why a connection whose partner side presents {@code certificate} is refused; empty when it is trusted.
     *
     * @param certificate the partner's certificate; null when its connection to us presented none
     * @param incoming    whether on the partner's connection to us (else on ours to it)
     */
    Optional<String> refusal(Certificate certificate, boolean incoming);

    /** The partner presenting {@code certificate} (null: none) has proved the pairing secret and is trusted. */
    void authenticated(Certificate certificate, boolean incoming);
}
