package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.NodeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid configuration: one message naming the key and the fix on stderr, exit code 2, nothing started. */
class InvalidConfigurationTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(6);

    /**
     * One bad configuration: flags that replace or (with a null value) remove the valid ones, extra
     * environment, an optional YAML file, and what stderr must say.
     */
    record Case(String what, Map<String, String> flags, Map<String, String> env, String yaml, List<String> mustSay) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static final String SECRET_IN_BROKEN_YAML = "s3cr3t-0123456789abcdef";

    static Stream<Case> cases() {
        return Stream.of(
                new Case("unknown key in the YAML file", Map.of(), Map.of(), "ha-mod: master\n",
                        List.of("unknown key 'ha-mod'", "did you mean 'ha-mode'")),
                new Case("partner is not an address", Map.of("--partner", "10.0.0.300"), Map.of(), null,
                        List.of("partner", "'10.0.0.300'", "not an IPv4 or IPv6 address")),
                new Case("API port out of range", Map.of("--api-port", "70000"), Map.of(), null,
                        List.of("api-port", "use a number from 1 to 65535")),
                new Case("health-check port out of range, from the environment", Map.of(),
                        Map.of("HANODE_HEALTH_CHECK_PORT", "0"), null,
                        List.of("health-check-port", "environment variable HANODE_HEALTH_CHECK_PORT", "1 to 65535")),
                new Case("pairing secret missing with HA on", withoutFlag("--pairing-secret"), Map.of(), null,
                        List.of("pairing-secret is missing", "--pairing-secret", "HANODE_PAIRING_SECRET")),
                new Case("pairing secret too short", Map.of("--pairing-secret", "short"), Map.of(), null,
                        List.of("pairing-secret", "too short", "16")),
                new Case("partner is this node's own address", Map.of("--partner", "127.20.6.1"), Map.of(), null,
                        List.of("partner", "own primary-address", "set partner to the other node's address")),
                new Case("unknown HA mode", Map.of("--ha-mode", "primary"), Map.of(), null,
                        List.of("ha-mode", "'primary'", "use master, slave or none")),
                new Case("misspelt HANODE_ variable", Map.of(), Map.of("HANODE_PARTNER_DEAD_AFTR", "2s"), null,
                        List.of("unknown environment variable HANODE_PARTNER_DEAD_AFTR",
                                "did you mean 'HANODE_PARTNER_DEAD_AFTER'?")),
                new Case("YAML syntax error on the line of the secret", Map.of(), Map.of(),
                        "ha-mode: master\npairing-secret: " + SECRET_IN_BROKEN_YAML + ": x\n",
                        List.of("is not valid YAML at line 2", "(key 'pairing-secret')", "the line is not shown")),
                new Case("data directory that cannot be created", Map.of("--data-dir", "/dev/null/hanode"), Map.of(), null,
                        List.of("data-dir (from flag --data-dir): '/dev/null/hanode' cannot be created",
                                "/dev/null is a file, not a directory", "set data-dir to another directory")));
    }

    private static Map<String, String> withoutFlag(String flag) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(flag, null);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsWithCode2AndNamesTheKeyAndTheFix(Case bad) throws IOException {
        // Short: HAProxy's socket paths under a data-dir have 97 bytes at most, and a longer data-dir is refused.
        Path dataDir = fixtures.workDir().resolve("data-" + Integer.toHexString(bad.what().hashCode()));
        List<String> args = new ArrayList<>(List.of("run"));
        validFlags(dataDir, bad.flags()).forEach((flag, value) -> {
            args.add(flag);
            args.add(value);
        });
        if (bad.yaml() != null) {
            Path yaml = Files.writeString(fixtures.workDir().resolve("bad.yaml"), bad.yaml());
            args.add("--config");
            args.add(yaml.toString());
        }

        HanodeJar.Result result = HanodeJar.run(args, bad.env(), Duration.ofSeconds(90));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        for (String phrase : bad.mustSay()) {
            assertThat(result.stderr()).as(result.toString()).contains(phrase);
        }
        // One problem, one message: a header and exactly one indented line for the one bad key.
        assertThat(result.stderr().lines().filter(l -> l.startsWith("  "))).as(result.toString()).hasSize(1);
        assertThat(result.stdout()).as("nothing started").doesNotContain("started as");
        assertThat(result.stdout() + result.stderr()).as("no secret is echoed").doesNotContain(SECRET_IN_BROKEN_YAML);
        assertThat(dataDir).as("nothing started: no data directory").doesNotExist();
    }

    /** A valid master configuration with {@code overrides} applied (a null value removes the flag). */
    private static Map<String, String> validFlags(Path dataDir, Map<String, String> overrides) {
        Map<String, String> flags = new LinkedHashMap<>(
                NodeOptions.of("bad", "master", "prefer-master", "127.20.6.1", "127.20.6.2").flags());
        flags.put("--data-dir", dataDir.toString());
        overrides.forEach((flag, value) -> {
            if (value == null) {
                flags.remove(flag);
            } else {
                flags.put(flag, value);
            }
        });
        return flags;
    }
}
