package io.hapair.node.pairing.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PinRulesTest {

    private static final Fingerprint OLD = Fingerprint.parse("11".repeat(32)).orElseThrow();
    private static final Fingerprint NEW = Fingerprint.parse("22".repeat(32)).orElseThrow();
    private static final Fingerprint OTHER = Fingerprint.parse("33".repeat(32)).orElseThrow();
    private static final long NOW = 1_000;

    private static PartnerPin pinned(Fingerprint current, Fingerprint next, boolean mutual) {
        return new PartnerPin(current, next, PartnerPin.Source.FIRST_CONTACT, 10, mutual);
    }

    @Test
    void firstCertificateSeenIsPinnedAsTrustOnFirstUse() {
        PinRules.Verdict v = PinRules.check(List.of(), null, OLD, false, NOW);

        assertThat(v).isEqualTo(new PinRules.Trusted(
                new PartnerPin(OLD, null, PartnerPin.Source.FIRST_CONTACT, NOW, false), true));
    }

    @Test
    void pinnedCertificateIsTrustedWithoutRewritingThePin() {
        PartnerPin kept = pinned(OLD, null, true);

        assertThat(PinRules.check(List.of(), kept, OLD, true, NOW)).isEqualTo(new PinRules.Trusted(kept, false));
        assertThat(PinRules.check(List.of(), kept, OLD, false, NOW)).isEqualTo(new PinRules.Trusted(kept, false));
    }

    @Test
    void changedCertificateIsRefusedNamingBothFingerprintsAndTheWayToAcceptIt() {
        PinRules.Verdict v = PinRules.check(List.of(), pinned(OLD, null, true), NEW, false, NOW);

        assertThat(v).isInstanceOf(PinRules.Refused.class);
        assertThat(((PinRules.Refused) v).reason()).contains(NEW.toString(), "not the pinned " + OLD,
                "POST /api/v1/pairing/accept");
    }

    @Test
    void acceptedCertificateBecomesThePinWhenThePartnerPresentsIt() {
        PartnerPin accepted = PinRules.accept(pinned(OLD, null, true), NEW, NOW);

        assertThat(PinRules.check(List.of(), accepted, NEW, false, 2_000)).isEqualTo(new PinRules.Trusted(
                new PartnerPin(NEW, null, PartnerPin.Source.OPERATOR, 2_000, true), true));
    }

    @Test
    void acceptingTheNextCertificateAheadOfARotationKeepsTheCurrentOneTrusted() {
        PartnerPin accepted = PinRules.accept(pinned(OLD, null, true), NEW, NOW);

        assertThat(accepted.current()).isEqualTo(OLD);
        assertThat(accepted.next()).isEqualTo(NEW);
        assertThat(PinRules.check(List.of(), accepted, OLD, false, NOW)).isEqualTo(new PinRules.Trusted(accepted, false));
        assertThat(PinRules.check(List.of(), accepted, OTHER, false, NOW)).isInstanceOf(PinRules.Refused.class);
    }

    @Test
    void acceptingWithoutAnyPinTrustsThatCertificateAsTheOperatorsChoice() {
        PartnerPin pin = PinRules.accept(null, NEW, NOW);

        assertThat(pin).isEqualTo(new PartnerPin(NEW, null, PartnerPin.Source.OPERATOR, NOW, false));
        assertThat(PinRules.check(List.of(), pin, OLD, false, NOW)).isInstanceOf(PinRules.Refused.class);
    }

    @Test
    void configuredFingerprintsDecideAloneAndKeepNoPin() {
        List<Fingerprint> configured = List.of(OLD, NEW);

        assertThat(PinRules.check(configured, null, OLD, false, NOW)).isEqualTo(new PinRules.Trusted(null, false));
        assertThat(PinRules.check(configured, null, NEW, true, NOW)).isEqualTo(new PinRules.Trusted(null, false));
        PinRules.Verdict v = PinRules.check(configured, pinned(OTHER, null, true), OTHER, false, NOW);
        assertThat(v).isInstanceOf(PinRules.Refused.class);
        assertThat(((PinRules.Refused) v).reason()).contains("partner-fingerprint", OLD.toString(), NEW.toString());
    }

    @Test
    void partnerPresentingItsCertificateOnItsOwnConnectionIsRememberedAsMutual() {
        PinRules.Verdict v = PinRules.check(List.of(), pinned(OLD, null, false), OLD, true, NOW);

        assertThat(v).isEqualTo(new PinRules.Trusted(pinned(OLD, null, true), true));
    }

    @Test
    void connectionWithoutCertificateIsLetThroughOnlyFromAPartnerThatNeverPresentedOne() {
        assertThat(PinRules.checkWithoutCertificate(List.of(), null)).isEqualTo(new PinRules.Trusted(null, false));
        PartnerPin earlier = pinned(OLD, null, false);
        assertThat(PinRules.checkWithoutCertificate(List.of(), earlier)).isEqualTo(new PinRules.Trusted(earlier, false));

        assertThat(PinRules.checkWithoutCertificate(List.of(), pinned(OLD, null, true)))
                .isInstanceOf(PinRules.Refused.class);
        assertThat(PinRules.checkWithoutCertificate(List.of(OLD), null)).isInstanceOf(PinRules.Refused.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1111111111111111111111111111111111111111111111111111111111111111",
        "11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11",
        " 11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11 "})
    void fingerprintIsReadWithOrWithoutColonsAndShownAsOpensslDoes(String text) {
        assertThat(Fingerprint.parse(text)).contains(OLD);
        assertThat(OLD.toString()).startsWith("11:11:").hasSize(95);
    }

    @Test
    void fingerprintIsShownInUpperCaseAsOpensslPrintsIt() {
        Fingerprint f = Fingerprint.parse("ab".repeat(32)).orElseThrow();

        assertThat(f.toString()).isEqualTo(("AB:".repeat(32)).substring(0, 95));
        assertThat(Fingerprint.parse(f.toString())).contains(f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "11", "zz11111111111111111111111111111111111111111111111111111111111111",
        "111111111111111111111111111111111111111111111111111111111111111111"})
    void textThatIsNoSha256FingerprintIsNotOne(String text) {
        assertThat(Fingerprint.parse(text)).isEmpty();
    }
}
