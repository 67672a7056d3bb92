package io.hapair.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hapair.node.witness.WitnessSettings;
import io.hapair.node.witness.WitnessType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The witness-* keys: defaults that both nodes agree on, and every mistake named with its fix. */
class WitnessConfigTest {

    @TempDir
    Path dir;

    private static Map<ConfigKey, String> node(String mode, String self, String partner, String... more) {
        Map<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
        m.put(ConfigKey.HA_MODE, mode);
        m.put(ConfigKey.PRIMARY_ADDRESS, self);
        m.put(ConfigKey.PARTNER, partner);
        m.put(ConfigKey.PAIRING_SECRET, "0123456789abcdef");
        m.put(ConfigKey.ADMIN_PASSWORD, "pw");
        for (int i = 0; i < more.length; i += 2) {
            m.put(ConfigKey.byKey(more[i]).orElseThrow(), more[i + 1]);
        }
        return m;
    }

    private static WitnessSettings witness(Map<ConfigKey, String> flags) throws ConfigException {
        return ConfigLoader.load(null, Map.of(), flags, "host").witness();
    }

    private Path secretFile(String text, String mode) throws Exception {
        Path file = dir.resolve("witness-secret");
        Files.writeString(file, text + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void withoutAWitnessKeyThereIsNoWitness() throws Exception {
        assertThat(witness(node("master", "10.0.0.4", "10.0.0.5")).type()).isEqualTo(WitnessType.NONE);
    }

    @Test
    void etcdDefaultsGiveBothNodesOfThePairTheSameKey() throws Exception {
        WitnessSettings master = witness(node("master", "10.0.0.4", "10.0.0.5", "witness", "etcd",
                "witness-endpoints", "http://10.0.0.9:2379, https://10.0.0.10:2379", "node-name", "lb-1"));
        WitnessSettings slave = witness(node("slave", "10.0.0.5", "10.0.0.4", "witness", "etcd",
                "witness-endpoints", "http://10.0.0.9:2379"));

        assertThat(master.endpoints()).containsExactly(URI.create("http://10.0.0.9:2379"),
                URI.create("https://10.0.0.10:2379"));
        assertThat(master.name()).isEqualTo("/hapair/witness/10.0.0.4-10.0.0.5").isEqualTo(slave.name());
        assertThat(master.leaseTtl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(master.holder()).isEqualTo("lb-1");
        assertThat(master.secret()).isNull();
    }

    @Test
    void azureBlobDefaultsToOneBlobPerPairAndTheShortestBlobLease() throws Exception {
        WitnessSettings w = witness(node("slave", "fd00::5", "fd00::4", "witness", "azure-blob",
                "witness-endpoints", "https://hapairwitness.blob.core.windows.net"));

        assertThat(w.name()).isEqualTo("hapair-witness/pair-fd00--4-fd00--5");
        assertThat(w.leaseTtl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(w.secret()).as("the node's managed identity").isNull();
    }

    @Test
    void givenNameAndTtlAreKept() throws Exception {
        WitnessSettings w = witness(node("master", "10.0.0.4", "10.0.0.5", "witness", "azure-blob",
                "witness-endpoints", "http://127.0.0.1:10000/devstoreaccount1", "witness-name", "pairs/west-1",
                "witness-lease-ttl", "30s"));

        assertThat(w.name()).isEqualTo("pairs/west-1");
        assertThat(w.leaseTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "witness=zookeeper|witness (from flag --witness): 'zookeeper' is not valid; use none, etcd or azure-blob",
        "witness=etcd|witness-endpoints is missing: set it to etcd's client URLs, e.g. http://10.0.0.9:2379",
        "witness=etcd witness-endpoints=10.0.0.9:2379|witness-endpoints (from flag --witness-endpoints): '10.0.0.9:2379' is not a list of http(s) URLs",
        "witness=etcd witness-endpoints=http://10.0.0.9:2379/v3|is not a list of http(s) URLs; give etcd's client URLs",
        "witness=etcd witness-endpoints=http://10.0.0.9:2379 witness-lease-ttl=1s|witness-lease-ttl (from flag --witness-lease-ttl): '1s' is not a lease etcd grants; use whole seconds from 2s to 60s",
        "witness=etcd witness-endpoints=http://10.0.0.9:2379 witness-lease-ttl=2500ms|use whole seconds from 2s to 60s",
        "witness=etcd witness-endpoints=http://10.0.0.9:2379 witness-lease-ttl=soon|is not a duration",
        "witness=azure-blob witness-endpoints=https://a.blob.core.windows.net witness-lease-ttl=10s|is not a lease azure-blob grants; use whole seconds from 15s to 60s",
        "witness=azure-blob witness-endpoints=https://a.blob.core.windows.net,https://b.blob.core.windows.net|names 2 URLs; give the one blob service URL",
        "witness=azure-blob witness-endpoints=https://a.blob.core.windows.net witness-name=Pairs/1|witness-name (from flag --witness-name): 'Pairs/1' is not CONTAINER/BLOB",
        "witness=azure-blob witness-endpoints=https://a.blob.core.windows.net witness-name=pairs|is not CONTAINER/BLOB",
    })
    void aWrongWitnessSettingIsNamedWithItsFix(String settings, String expected) {
        List<String> more = new java.util.ArrayList<>();
        for (String kv : settings.split(" ")) {
            more.add(kv.substring(0, kv.indexOf('=')));
            more.add(kv.substring(kv.indexOf('=') + 1));
        }
        assertThatThrownBy(() -> witness(node("master", "10.0.0.4", "10.0.0.5", more.toArray(String[]::new))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(expected);
    }

    @Test
    void aWitnessWithHaOffIsRefused() {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.ADMIN_PASSWORD, "pw");
        flags.put(ConfigKey.WITNESS, "etcd");
        flags.put(ConfigKey.WITNESS_ENDPOINTS, "http://10.0.0.9:2379");

        assertThatThrownBy(() -> witness(flags)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("but HA is off (ha-mode none)").hasMessageContaining("set witness to none");
    }

    @Test
    void etcdCredentialsComeFromAPrivateFileAndNeverShowInTheSettingsText() throws Exception {
        Path file = secretFile("hapair:s3cret", "rw-------");

        WitnessSettings w = witness(node("master", "10.0.0.4", "10.0.0.5", "witness", "etcd",
                "witness-endpoints", "http://10.0.0.9:2379", "witness-secret-file", file.toString()));

        assertThat(w.secret()).isEqualTo("hapair:s3cret");
        assertThat(w.toString()).doesNotContain("s3cret");
    }

    @Test
    void etcdCredentialsWithoutAColonAreRefused() throws Exception {
        Path file = secretFile("s3cret", "rw-------");

        assertThatThrownBy(() -> witness(node("master", "10.0.0.4", "10.0.0.5", "witness", "etcd",
                "witness-endpoints", "http://10.0.0.9:2379", "witness-secret-file", file.toString())))
                .hasMessageContaining("does not hold USER:PASSWORD");
    }

    @Test
    void aSecretFileOthersCanReadIsRefused() throws Exception {
        Path file = secretFile("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k", "rw-r--r--");

        assertThatThrownBy(() -> witness(node("master", "10.0.0.4", "10.0.0.5", "witness", "azure-blob",
                "witness-endpoints", "https://a.blob.core.windows.net", "witness-secret-file", file.toString())))
                .hasMessageContaining("witness-secret-file (from flag --witness-secret-file)")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void anAzureSecretFileMustHoldAConnectionString() throws Exception {
        Path file = secretFile("just-a-key", "rw-------");

        assertThatThrownBy(() -> witness(node("master", "10.0.0.4", "10.0.0.5", "witness", "azure-blob",
                "witness-endpoints", "https://a.blob.core.windows.net", "witness-secret-file", file.toString())))
                .hasMessageContaining("does not hold a storage connection string");
    }
}
