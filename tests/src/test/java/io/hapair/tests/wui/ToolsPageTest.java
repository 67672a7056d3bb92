package io.hapair.tests.wui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HttpOnce;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import io.hapair.tests.fixture.PemTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Tools page and its calls on a real pair, in headless Chromium: a backup with keys needs a passphrase long
 * enough, named next to its field; a backup restored on the active node is
 * previewed first, exactly the changed documents listed (added, changed with the changed field, removed) and
 * nothing stored; an apply of a preview the stored settings have since left behind is refused; the apply on the
 * page reaches the standby through sync. A packet capture on lo started on the page, with a filter for the
 * node's own health-check connections, ends at its packet limit and downloads as a pcap file that tcpdump reads
 * with exactly those packets; a second capture meanwhile is 409, a filter tcpdump does not compile a 400 naming
 * the filter, and the file is gone from the node once downloaded.
 */
class ToolsPageTest {

    private static final String VS = "virtual-services";
    private static final Duration LIVE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    // Health-check connections the test opens while the capture runs: their SYNs are the packets it keeps.
    private static final int CONNECTIONS = 3;

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(185);

    @Test
    void aRestoreIsPreviewedThenAppliedAsPreviewedAndACaptureDownloadsOnceAsPcap() throws Exception {
        NodePair pair = fixtures.pair("prefer-master");
        HaNodeProcess master = pair.master();
        HaNodeProcess slave = pair.slave();
        assertThat(master.api("POST", "/api/v1/" + VS, virtualService("web", 80), null).code()).isEqualTo(201);
        assertThat(master.api("POST", "/api/v1/" + VS, virtualService("old", 81), null).code()).isEqualTo(201);
        // The backup: web on another port, api added, old left out (so removed by the restore).
        ObjectNode backup = (ObjectNode) JSON.readTree(master.api("GET", "/api/v1/settings/export").body());
        ArrayNode services = (ArrayNode) backup.path("settings").path(VS);
        services.removeAll();
        services.add(JSON.readTree(virtualService("web", 8080))).add(JSON.readTree(virtualService("api", 82)));
        Path file = fixtures.workDir().resolve("backup.json");
        Files.writeString(file, backup.toString());

        JsonNode preview = JSON.readTree(master.api("POST", "/api/v1/settings/import?dryRun=true", backup.toString(),
                null).body());
        assertThat(preview.path("changes").toString()).isEqualTo("[{\"type\":\"virtual-services\",\"id\":\"api\","
                + "\"change\":\"added\",\"fields\":[]},{\"type\":\"virtual-services\",\"id\":\"old\","
                + "\"change\":\"removed\",\"fields\":[]},{\"type\":\"virtual-services\",\"id\":\"web\","
                + "\"change\":\"changed\",\"fields\":[{\"path\":\"port\",\"before\":\"80\",\"after\":\"8080\"}]}]");
        assertThat(port(master, "web")).as("a preview stores nothing").isEqualTo(80);
        assertThat(master.api("PUT", "/api/v1/" + VS + "/old", virtualService("old", 91), null).code()).isEqualTo(200);
        assertThat(master.api("POST", "/api/v1/settings/import", backup.toString(), preview.path("token").asText())
                .code()).as("the stored settings changed since the preview").isEqualTo(412);
        assertThat(port(master, "web")).isEqualTo(80);

        try (Browser browser = new Browser()) {
            String ui = "https://" + master.address() + ":" + master.options().apiPort() + "/ui/";
            browser.logIn(ui + "login.html", master.options().password());
            browser.waitFor(By.id("top-state"));
            browser.open(ui + "tools.html");
            browser.waitFor(By.id("backup-keys")).click();
            browser.waitFor(By.id("backup-passphrase")).sendKeys("too short");
            browser.waitFor(By.id("backup-download")).click();
            browser.waitForText(By.id("backup-passphrase-error"), "at least 12 characters", LIVE);
            browser.waitFor(By.id("backup-passphrase")).sendKeys(" but now long enough");
            browser.waitFor(By.id("backup-download")).click();
            browser.waitForText(By.id("flash"), "Backup downloaded, private keys encrypted with your passphrase.", LIVE);

            browser.waitFor(By.id("restore-file")).sendKeys(file.toAbsolutePath().toString());
            browser.waitFor(By.id("restore-preview")).click();
            browser.waitFor(By.id("restore-table"));
            assertThat(browser.driver.findElements(By.cssSelector("#restore-table tbody tr")).stream()
                    .map(r -> r.getAttribute("data-key") + " " + r.getAttribute("data-change")))
                    .containsExactly(VS + "/api added", VS + "/old removed", VS + "/web changed");
            assertThat(browser.driver.findElement(By.cssSelector("#restore-table tr[data-key='" + VS + "/web']"))
                    .getText()).contains("port: 80 → 8080");
            browser.driver.executeScript("arguments[0].scrollIntoView()",
                    browser.driver.findElement(By.id("restore-table")));
            browser.screenshot("tools-restore-preview");
            browser.waitFor(By.id("restore-apply")).click();
            browser.waitForText(By.id("restore-changes"), "Restored: 3 documents changed", LIVE);
            browser.screenshot("tools-restored");

            await("the restore reaches the standby through sync").atMost(Patience.SETTLE).ignoreExceptions()
                    .until(() -> port(slave, "web") == 8080 && port(slave, "api") == 82
                            && slave.api("GET", "/api/v1/" + VS + "/old").code() == 404);

            String filter = "tcp dst port " + master.options().healthPort() + " and dst host " + master.address()
                    + " and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn";
            WebElement bad = browser.waitFor(By.id("capture-filter"));
            new Select(browser.waitFor(By.id("capture-interface"))).selectByValue("lo");
            bad.sendKeys("tcp port nonsense");
            browser.waitFor(By.id("capture-start")).click();
            browser.waitForText(By.id("capture-filter-error"), "tcpdump does not take this filter", LIVE);

            WebElement filterInput = browser.waitFor(By.id("capture-filter"));
            filterInput.clear();
            filterInput.sendKeys(filter);
            WebElement packets = browser.waitFor(By.id("capture-packets"));
            packets.clear();
            packets.sendKeys(Integer.toString(CONNECTIONS));
            browser.waitFor(By.id("capture-start")).click();
            browser.waitForText(By.id("capture-state"), "running", LIVE);

            JsonNode first = master.apiJson("/api/v1/capture");
            assertThat(master.api("POST", "/api/v1/capture", "{\"interface\": \"lo\"}", null).code())
                    .as("one capture at a time; the first, just before: %s", first).isEqualTo(409);
            for (int i = 0; i < CONNECTIONS; i++) {
                assertThat(master.health().code()).isEqualTo(200);
            }
            browser.waitForText(By.id("capture-state"), "finished", LIVE);
            assertThat(browser.waitFor(By.id("capture-download")).isDisplayed()).isTrue();
            browser.screenshot("tools-capture-finished");
        }
        JsonNode finished = master.apiJson("/api/v1/capture");
        assertThat(finished.path("endedBy").asText()).isEqualTo("packet limit");
        assertThat(finished.path("packetsCaptured").asInt()).isEqualTo(CONNECTIONS);

        byte[] pcap = download(master, "/api/v1/capture/file");
        Path saved = fixtures.workDir().resolve("capture.pcap");
        Files.write(saved, pcap);
        List<String> read = tcpdumpRead(saved);
        assertThat(read).hasSize(CONNECTIONS).allSatisfy(line -> assertThat(line)
                .contains("> " + master.address() + "." + master.options().healthPort() + ": Flags [S]"));

        assertThat(master.api("GET", "/api/v1/capture/file").code()).as("downloaded once").isEqualTo(404);
        await("the file is deleted once sent").atMost(Duration.ofSeconds(5)).until(() ->
                master.apiJson("/api/v1/capture").path("deletedBecause").asText().equals("downloaded"));
        try (var left = Files.list(master.dataDir().resolve("capture"))) {
            assertThat(left).as("nothing of the capture stays on the node").isEmpty();
        }
    }

    private static String virtualService(String name, int port) {
        ObjectNode vs = JSON.createObjectNode().put("name", name).put("address", "10.8.0.1").put("port", port)
                .put("protocol", "tcp");
        // Silent loopback: the nodes' HAProxy health-checks it, and a check must not leave the machine.
        vs.putArray("realServers").addObject().put("address", fixtures.silentAddress())
                .put("port", Fixtures.SILENT_PORT);
        return vs.toString();
    }

    private static int port(HaNodeProcess node, String name) throws IOException {
        HttpOnce.Answer answer = node.api("GET", "/api/v1/" + VS + "/" + name);
        return answer.code() == 200 ? JSON.readTree(answer.body()).path("port").asInt() : -1;
    }

    /** One GET whose body is binary (HttpOnce reads text), trusting only the node's own certificate. */
    private static byte[] download(HaNodeProcess node, String path) throws IOException {
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(node.address(), node.options().apiPort()), 10_000);
            raw.setSoTimeout(10_000);
            Socket socket = PemTrust.of(node.certificate()).createSocket(raw, node.address(), node.options().apiPort(),
                    true);
            String basic = Base64.getEncoder().encodeToString(("bal:" + node.options().password())
                    .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + node.address() + "\r\nConnection:"
                    + " close\r\nAuthorization: Basic " + basic + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try (InputStream in = socket.getInputStream()) {
                in.transferTo(all);
            }
            byte[] bytes = all.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = text.substring(0, end);
            assertThat(head).startsWith("HTTP/1.1 200").contains("application/vnd.tcpdump.pcap")
                    .contains("attachment; filename=\"" + node.name() + "-lo-");
            return Arrays.copyOfRange(bytes, end + 4, bytes.length);
        }
    }

    /** tcpdump -r's one line per packet. */
    private static List<String> tcpdumpRead(Path pcap) throws Exception {
        Process p = new ProcessBuilder("tcpdump", "-r", pcap.toString(), "-n").redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tcpdump -r: " + err).isZero();
        return new ArrayList<>(out.lines().toList());
    }
}
