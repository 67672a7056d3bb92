package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.settings.TestCertificates;
import io.hapair.node.settings.VsCertificate;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Each virtual-service certificate's expiry, read once per certificate body. */
class VsCertificateExpiriesTest {

    static final KeyPair KEYS = keys();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String IN_10_DAYS = certificate(NOW.plus(Duration.ofDays(10)));
    private static final String IN_100_DAYS = certificate(NOW.plus(Duration.ofDays(100)));

    private final List<String> parsed = new ArrayList<>();
    private final VsCertificateExpiries expiries = new VsCertificateExpiries(chain -> {
        parsed.add(chain);
        return VsCertificateExpiries.firstNotAfter(chain);
    });

    @Test
    void anUnchangedCertificateIsNotParsedAgainAtTheNextRound() {
        List<VsCertificate> stored = List.of(stored("www", IN_10_DAYS), stored("shop", IN_100_DAYS),
                stored("www-alias", IN_10_DAYS));

        Map<String, Long> first = expiries.of(stored);
        Map<String, Long> second = expiries.of(stored);

        assertThat(first).isEqualTo(Map.of("www", millis(10), "shop", millis(100), "www-alias", millis(10)));
        assertThat(second).isEqualTo(first);
        assertThat(parsed).as("each body once, the one two names share too").containsExactly(IN_10_DAYS, IN_100_DAYS);
    }

    @Test
    void aReplacedCertificatesExpiryFollowsItsNewBodyAndAnOldBodyIsNotKept() {
        expiries.of(List.of(stored("www", IN_10_DAYS)));

        assertThat(expiries.of(List.of(stored("www", IN_100_DAYS)))).isEqualTo(Map.of("www", millis(100)));
        assertThat(expiries.of(List.of(stored("www", IN_10_DAYS)))).isEqualTo(Map.of("www", millis(10)));
        assertThat(parsed).as("the body stored again was dropped when it was replaced")
                .containsExactly(IN_10_DAYS, IN_100_DAYS, IN_10_DAYS);
    }

    @Test
    void aBodyThatDoesNotParseIsLeftOutAndNotTriedAgainEachRound() {
        List<VsCertificate> stored = List.of(stored("www", IN_10_DAYS), stored("broken", "not a certificate"));

        assertThat(expiries.of(stored)).isEqualTo(Map.of("www", millis(10)));
        assertThat(expiries.of(stored)).isEqualTo(Map.of("www", millis(10)));
        assertThat(parsed).containsExactly(IN_10_DAYS, "not a certificate");
    }

    @Test
    void theExpiryIsTheFirstCertificateOfTheChains() {
        assertThat(VsCertificateExpiries.firstNotAfter(IN_100_DAYS + IN_10_DAYS)).isEqualTo(millis(100));
    }

    private static long millis(int days) {
        return NOW.plus(Duration.ofDays(days)).toEpochMilli();
    }

    private static VsCertificate stored(String name, String chain) {
        return new VsCertificate(name, chain, TestCertificates.pem(KEYS.getPrivate()));
    }

    /** A self-signed PEM certificate of {@link #KEYS} that expires at {@code notAfter} (whole seconds). */
    static String certificate(Instant notAfter) {
        try {
            return TestCertificates.pem(new JcaX509v3CertificateBuilder(new X500Name("CN=www.example.com"),
                    BigInteger.valueOf(notAfter.toEpochMilli()), Date.from(notAfter.minus(Duration.ofDays(400))),
                    Date.from(notAfter), new X500Name("CN=www.example.com"), KEYS.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEYS.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
