package io.hapair.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.node.settings.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;

class JvmDefaultsTest {

    @Test
    void aPropertyTheCommandLineSetsIsKeptAndTheOthersGetTheNodesDefault() {
        Properties system = new Properties();
        system.setProperty(JvmDefaults.NETTY_JFR, "true");

        JvmDefaults.apply(system);

        assertThat(system.getProperty(JvmDefaults.NETTY_JFR)).isEqualTo("true");
        assertThat(system.getProperty(JvmDefaults.PKCS12_KEY_ITERATIONS)).isEqualTo("1");
    }

    @Test
    void withTheDefaultsAKeyPutInAPkcs12KeyStoreIsProtectedByOnePbkdf2IterationInsteadOf10000() throws Exception {
        assertThat(pbkdf2IterationsOfAKeyStoredNow()).as("the JDK's own default").isEqualTo(10_000);
        Properties system = System.getProperties();
        List<String> absentBefore = JvmDefaults.DEFAULTS.keySet().stream().filter(k -> !system.containsKey(k)).toList();
        try {
            JvmDefaults.apply(system);

            assertThat(pbkdf2IterationsOfAKeyStoredNow()).isEqualTo(1);
        } finally {
            absentBefore.forEach(system::remove);
        }
    }

    /** As Vert.x does with the node's PEM key: a PKCS12 key store in memory, the key entry set in it. */
    private static int pbkdf2IterationsOfAKeyStoredNow() throws Exception {
        char[] password = "in-memory".toCharArray();
        TestCertificates pem = TestCertificates.EC_LEAF;
        Certificate certificate = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.chainPem().getBytes(StandardCharsets.US_ASCII)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", pem.keys().getPrivate(), password, new Certificate[] {certificate});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, password);

        List<Integer> iterations = new ArrayList<>();
        for (var content : new PKCS12PfxPdu(bytes.toByteArray()).getContentInfos()) {
            if (!content.getContentType().equals(PKCSObjectIdentifiers.data)) {
                continue;
            }
            for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(content).getSafeBags()) {
                if (bag.getBagValue() instanceof PKCS8EncryptedPrivateKeyInfo key) {
                    PBES2Parameters pbes2 = PBES2Parameters.getInstance(key.getEncryptionAlgorithm().getParameters());
                    iterations.add(PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters())
                            .getIterationCount().intValueExact());
                }
            }
        }
        assertThat(iterations).as("one encrypted key in the store").hasSize(1);
        return iterations.get(0);
    }
}
