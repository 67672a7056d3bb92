package io.hapair.node.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.validation.FieldError;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateValidationTest {

    private static final TestCertificates EC = TestCertificates.EC_LEAF;

    static Stream<Arguments> validPairs() {
        return Stream.of(
                Arguments.of("an EC key in SEC1 form", EC.chainPem(), EC.keyPem()),
                Arguments.of("an RSA key in PKCS#8 form", TestCertificates.RSA_LEAF.chainPem(),
                        TestCertificates.RSA_LEAF.keyPem()),
                Arguments.of("an Ed25519 key", TestCertificates.ED25519_LEAF.chainPem(),
                        TestCertificates.ED25519_LEAF.keyPem()),
                Arguments.of("OpenSSL's EC key in SEC1 form", TestCertificates.OPENSSL_EC.chainPem(),
                        TestCertificates.OPENSSL_EC.keyPem()),
                Arguments.of("OpenSSL's RSA key in PKCS#1 form", TestCertificates.OPENSSL_RSA.chainPem(),
                        TestCertificates.OPENSSL_RSA.keyPem()),
                Arguments.of("a leaf followed by its CA", TestCertificates.LEAF_AND_CA.chainPem(),
                        TestCertificates.LEAF_AND_CA.keyPem()));
    }

    static Stream<Arguments> invalidPairs() {
        String broken = EC.chainPem().replace("MII", "M!I");
        return Stream.of(
                Arguments.of("the key of another certificate", EC.chainPem(), TestCertificates.OTHER_EC_LEAF.keyPem(),
                        "privateKey", "the key does not belong to the first certificate"),
                Arguments.of("an RSA key for an EC certificate", EC.chainPem(), TestCertificates.RSA_LEAF.keyPem(),
                        "privateKey", "the key does not belong to the first certificate"),
                Arguments.of("OpenSSL's EC key for OpenSSL's RSA certificate", TestCertificates.OPENSSL_RSA.chainPem(),
                        TestCertificates.OPENSSL_EC.keyPem(), "privateKey", "does not belong"),
                Arguments.of("an EC key without its curve", EC.chainPem(), TestCertificates.curvelessEcKey(),
                        "privateKey", "the key cannot be read"),
                Arguments.of("the CA's certificate first", reversed(TestCertificates.LEAF_AND_CA.chainPem()),
                        TestCertificates.LEAF_AND_CA.keyPem(), "privateKey", "put the certificate of this key first"),
                Arguments.of("an encrypted key", EC.chainPem(), TestCertificates.encryptedEcKey(),
                        "privateKey", "the key is encrypted; give it without a passphrase"),
                Arguments.of("a key pasted as the chain", EC.keyPem(), EC.keyPem(),
                        "certificateChain", "holds something other than a certificate"),
                Arguments.of("a certificate pasted as the key", EC.chainPem(), EC.chainPem(),
                        "privateKey", "not a private key"),
                Arguments.of("two keys", EC.chainPem(), EC.keyPem() + EC.keyPem(),
                        "privateKey", "2 PEM blocks found"),
                Arguments.of("broken base64", broken, EC.keyPem(), "certificateChain", "is not valid PEM"));
    }

    @ParameterizedTest(name = "{0} is accepted")
    @MethodSource("validPairs")
    void aChainWithTheKeyOfItsFirstCertificateIsAccepted(String behaviour, String chain, String key) {
        Parsed<VsCertificate> parsed = SettingsCodec.parse(SettingsType.VS_CERTIFICATES, SettingsFixtures.object("name", "www", "certificateChain", chain, "privateKey", key));

        assertThat(parsed.errors()).isEmpty();
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("invalidPairs")
    void aPairThatDoesNotParseOrMatchIsRefused(String behaviour, String chain, String key, String field,
                                               String message) {
        Parsed<VsCertificate> parsed = SettingsCodec.parse(SettingsType.VS_CERTIFICATES, SettingsFixtures.object("name", "www", "certificateChain", chain, "privateKey", key));

        assertThat(parsed.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo(field);
            assertThat(error.message()).contains(message);
        });
    }

    @Test
    void theAdminCertificateIsTheSelfSignedOneWhenEmptyAndCheckedLikeAnyOtherOtherwise() {
        assertThat(SettingsCodec.parse(SettingsType.ADMIN_CERTIFICATE, "{}").errors()).isEmpty();

        String chainOnly = SettingsFixtures.object("certificateChain", EC.chainPem());

        assertThat(SettingsCodec.parse(SettingsType.ADMIN_CERTIFICATE, chainOnly).errors())
                .extracting(FieldError::field).containsExactly("privateKey");
    }

    private static String reversed(String chain) {
        int second = chain.indexOf("-----BEGIN CERTIFICATE-----", 1);
        return chain.substring(second) + chain.substring(0, second);
    }
}
