package io.hapair.node.peer;

import java.security.cert.Certificate;
import java.util.Optional;

/** For tests of the link's other duties: every partner certificate is trusted, and nothing is pinned. */
public final class AnyPartnerCertificate implements PartnerCertificates {

    public static final AnyPartnerCertificate INSTANCE = new AnyPartnerCertificate();

    private AnyPartnerCertificate() {
    }

    @Override
    public Optional<String> refusal(Certificate certificate, boolean incoming) {
        return Optional.empty();
    }

    @Override
    public void authenticated(Certificate certificate, boolean incoming) {
    }
}
