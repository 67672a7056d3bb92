package io.hapair.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.cloud.run.CloudProviders;
import io.hapair.node.config.ConfigKey;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ip and ethtool keys reach the node's network settings: a node reads the host (GET /api/v1/host-readings) with
 * the programs they name, here stand-ins that record their arguments and show one interface, eth9. The node keeps
 * host-network store-only, so nothing would change the test machine's network even if the keys were ignored.
 */
class HostToolKeysTest {

    private static final String HOST = "127.20.193.1";

    @TempDir
    Path dir;

    @Test
    void theNodeReadsTheHostWithTheConfiguredIpAndEthtool() throws Exception {
        Path said = dir.resolve("arguments");
        Path ip = standIn("site-ip", "echo \"ip $*\" >> " + said, "case \"$*\" in",
                "  *'link show') echo '[{\"ifname\": \"eth9\", \"mtu\": 1500, \"flags\": [\"UP\"]}]' ;;",
                "  *) echo '[]' ;;", "esac");
        Path ethtool = standIn("site-ethtool", "echo \"ethtool $*\" >> " + said,
                "printf 'Settings for %s:\\n\\tSpeed: 100Mb/s\\n\\tDuplex: Half\\n' \"$1\"");

        try (ApiTestNode node = ApiTestNode.start(HOST, dir.resolve("data"), Map.of(ConfigKey.IP, ip.toString(),
                ConfigKey.ETHTOOL, ethtool.toString()), CloudProviders::named)) {
            WebClient client = node.client();
            JsonObject readings = node.request(client, HttpMethod.GET, "/api/v1/host-readings").send()
                    .await(30, TimeUnit.SECONDS).bodyAsJsonObject();

            assertThat(readings.getJsonArray("unread").encode()).as("the stand-ins' output read").doesNotContain("site-");
            assertThat(Files.readAllLines(said)).contains("ip -j -d link show", "ip -j addr show", "ethtool eth9");
        }
    }

    private Path standIn(String name, String... lines) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }
}
