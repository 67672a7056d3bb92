package io.hapair.node.peer;

import java.security.cert.Certificate;
import java.util.Optional;

/** Whether the certificate the partner presents on the peer link is the partner's (trusted pairing). */
public interface PartnerCertificates {

    /**
     * Why a connection whose partner side presents {@code certificate} is refused; empty when it is trusted.
     *
     * @param certificate the partner's certificate; null when its connection to us presented none
     * @param incoming    whether on the partner's connection to us (else on ours to it)
     */
    Optional<String> refusal(Certificate certificate, boolean incoming);
}
