package io.hapair.tests.sync;

import static io.hapair.tests.sync.SettingsApi.VS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Settings written through one node's API reach the other node; node-local ones never do. */
class SyncBetweenNodesTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(30);
    static NodePair pair;
    SettingsApi master;
    SettingsApi slave;

    @BeforeAll
    static void startPair() {
        pair = fixtures.pair("prefer-master");
    }

    @BeforeEach
    void masterActive() {
        pair.reset(pair.master());
        master = SettingsApi.of(pair.master());
        slave = SettingsApi.of(pair.slave());
    }

    @Test
    void createUpdateAndDeleteOnTheActiveNodeAppearOnTheStandby() {
        HttpOnce.Answer created = master.create(VS, SettingsApi.virtualService("web", 80));
        assertThat(created.code()).as(created.body()).isEqualTo(201);
        await("web on the slave").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> "80".equals(slave.field(VS, "web", "port")));

        String etag = SettingsApi.parse(created.body()).path("etag").asText();
        HttpOnce.Answer replaced = master.replace(VS, "web", SettingsApi.virtualService("web", 8080), etag);
        assertThat(replaced.code()).as(replaced.body()).isEqualTo(200);
        await("new port on the slave").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> "8080".equals(slave.field(VS, "web", "port")));

        assertThat(master.delete(VS, "web").code()).isEqualTo(204);
        await("web gone from the slave").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> slave.document(VS, "web").isEmpty());
    }

    @Test
    void afterAFailoverChangesOnTheNewActiveReachTheReturningMaster() {
        pair.master().kill9();
        await("slave takes over").atMost(Patience.SETTLE).until(() -> pair.slave().healthCode() == 200);
        assertThat(slave.create(VS, SettingsApi.virtualService("made-during-failover", 81)).code()).isEqualTo(201);

        pair.master().restart(Patience.START);

        // Pushed while the master was down, so only the comparison on reconnect can carry it.
        await("the returning master has it").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> "81".equals(master.field(VS, "made-during-failover", "port")));
        pair.awaitSettledWith(pair.master(), Patience.SETTLE);
        assertThat(master.delete(VS, "made-during-failover").code()).isEqualTo(204);
    }

    @Test
    void nodeLocalSettingsStayDifferentOnTheTwoNodes() {
        assertThat(master.put("hostname", "{\"name\":\"lb-1\"}").code()).isIn(200, 201);
        assertThat(slave.put("hostname", "{\"name\":\"lb-2\"}").code()).isIn(200, 201);
        assertThat(master.create("routes", "{\"name\":\"on-premises\",\"destination\":\"192.168.0.0/16\","
                + "\"gateway\":\"10.0.0.1\"}").code()).isEqualTo(201);
        // A synced change made after the node-local ones: once it has arrived, they would have too.
        assertThat(master.create(VS, SettingsApi.virtualService("marker", 82)).code()).isEqualTo(201);
        await("marker on the slave").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> slave.document(VS, "marker").isPresent());
        long before = slave.syncStatus().path("lastFullComparison").path("doneAt").asLong();
        assertThat(pair.slave().api("POST", "/api/v1/sync/now").code()).isEqualTo(202);
        await("a full comparison on the slave").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> slave.syncStatus().path("lastFullComparison").path("doneAt").asLong() > before);

        assertThat(pair.master().apiJson("/api/v1/hostname").path("name").asText()).isEqualTo("lb-1");
        assertThat(pair.slave().apiJson("/api/v1/hostname").path("name").asText()).isEqualTo("lb-2");
        assertThat(slave.ids("routes")).isEmpty();
        assertThat(master.ids("routes")).containsExactly("on-premises");
        assertThat(master.delete(VS, "marker").code()).isEqualTo(204);
    }

    @Test
    void aGeoClusterAtTheMastersAddressIsStoredAtTheSlavesAddressOnTheSlaveAndBack() {
        String masterAddress = pair.master().address();
        String slaveAddress = pair.slave().address();
        assertThat(master.create("geo-clusters", geoCluster(masterAddress, "local")).code()).isEqualTo(201);

        await("cluster on the slave").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> slave.document("geo-clusters", "this-site").isPresent());
        assertThat(slave.field("geo-clusters", "this-site", "address")).isEqualTo(slaveAddress);

        // Edited on the slave, as the slave sees it: the master gets its own address back.
        SettingsApi.awaitUnconnected(pair.slave());
        assertThat(slave.replace("geo-clusters", "this-site", geoCluster(slaveAddress, "default"), null).code())
                .isEqualTo(200);
        await("the slave's edit on the master").atMost(Patience.SETTLE).ignoreExceptions()
                .until(() -> "default".equals(master.field("geo-clusters", "this-site", "type")));
        JsonNode onMaster = master.document("geo-clusters", "this-site").orElseThrow();
        assertThat(onMaster.path("address").asText()).isEqualTo(masterAddress);
        assertThat(master.delete("geo-clusters", "this-site").code()).isEqualTo(204);
    }

    private static String geoCluster(String address, String type) {
        return "{\"name\":\"this-site\",\"address\":\"" + address + "\",\"type\":\"" + type + "\"}";
    }
}
