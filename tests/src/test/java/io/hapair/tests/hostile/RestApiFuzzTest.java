package io.hapair.tests.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.PemTrust;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * A jqwik fuzz of the REST API on a real pair (started as {@code ./hanode} starts a node): 300
 * authenticated requests to the active master's JSON routes and document paths, with mutated
 * documents, any JSON and non-JSON bodies, and odd path parameters (see {@link FuzzRequests}). Each
 * is answered below 500 by a master that stays up, keeps its role under a 10 ms poller and, when it
 * answers 4xx, changes nothing: the settings export, the conflicts, the named type's documents with
 * their versions (ETags) and the HA parameters read the same before and after. jqwik has no Jupiter
 * extensions, so the fixtures are opened and closed by hand; one pair serves every try.
 */
class RestApiFuzzTest {

    static final Fixtures fixtures = new Fixtures(52, withoutDns(HanodeJar.launcherJvmOptions()));
    private static final ObjectMapper JSON = new ObjectMapper();
    // Linux sends from 127.0.0.1 to the other loopback addresses; the GEO sync routes read bodies only from
    // addresses in the remote GEO access list, so this one is put there.
    private static final String CLIENT_ADDRESS = "127.0.0.1";

    static NodePair pair;
    static HaNodeProcess master;
    static HttpClient http;
    static FuzzRequests requests;
    static AttackWatch watch;
    static volatile boolean failed;

    /** An answer; status -1 when none came. */
    record Answer(int status, String body, String etag) {
        @Override
        public String toString() {
            return status + " " + body.substring(0, Math.min(body.length(), 400));
        }
    }

    /**
     * {@code jvmOptions}, and names resolved from /etc/hosts only (Vert.x through the JDK, the JDK from the file): a
     * fuzzed document may name a syslog target or trap receiver by any host name (round-robin, a single letter), and
     * the node would ask the machine's DNS server for it, off the machine.
     */
    private static List<String> withoutDns(List<String> jvmOptions) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(List.of("-Dvertx.disableDnsResolver=true", "-Djdk.net.hosts.file=/etc/hosts"));
        return options;
    }

    @BeforeContainer
    static void startPair() throws IOException {
        fixtures.openFor(RestApiFuzzTest.class);
        try {
            pair = fixtures.pair("prefer-master");
            master = pair.master();
            http = HttpClient.newBuilder().sslContext(PemTrust.context(master.certificate()))
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(RawHttp.TIMEOUT).build();
            Answer access = send("POST", "/api/v1/geo-remote-access", "{\"address\":\"" + CLIENT_ADDRESS + "\"}");
            assertThat(access.status()).as("remote GEO access for the fuzz: " + access).isEqualTo(201);
            String subnet = master.address().substring(0, master.address().lastIndexOf('.') + 1);
            requests = new FuzzRequests(subnet, pair.slave().address());
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        }
    }

    @AfterContainer
    static void stopPair() throws IOException {
        fixtures.closeFor(RestApiFuzzTest.class, failed);
    }

    @BeforeProperty
    void watchRoles() {
        watch = AttackWatch.rolesOnly(pair, master);
    }

    @AfterProperty
    void rolesHeld() {
        try {
            watch.assertHeld();
        } catch (AssertionError | RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            watch.close();
        }
    }

    @Provide
    Arbitrary<FuzzRequests.Request> requests() {
        return requests.requests();
    }

    @Property(tries = 300)
    void anyAuthenticatedRequestIsAnsweredBelow500AndA4xxChangesNothing(@ForAll("requests") FuzzRequests.Request request) {
        try {
            String before = state(request);
            Answer answer = send(request.route().method, request.path(), request.body());

            assertThat(answer.status()).as("%s%n  answered %s", request, answer).isBetween(200, 499);
            assertThat(master.alive()).as("master alive after " + request).isTrue();
            if (answer.status() >= 400) {
                assertThat(state(request)).as("what %s (answered %s) may have touched", request, answer).isEqualTo(before);
            }
        } catch (AssertionError | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** Everything {@code request} could change, as text: equal texts, equal state. */
    private static String state(FuzzRequests.Request request) {
        StringBuilder state = new StringBuilder();
        Answer export = send("GET", "/api/v1/settings/export", null);
        assertThat(export.status()).as("export: " + export).isEqualTo(200);
        try {
            ObjectNode exported = (ObjectNode) JSON.readTree(export.body());
            exported.remove("exportedAt");
            state.append("export ").append(exported).append('\n');
        } catch (IOException e) {
            throw new AssertionError("export is not JSON: " + export, e);
        }
        state.append("conflicts ").append(send("GET", "/api/v1/sync/conflicts", null)).append('\n');
        request.settingsType().ifPresent(type -> {
            Answer listed = send("GET", "/api/v1/" + type, null);
            state.append(type).append(' ').append(listed.etag()).append(' ').append(listed).append('\n');
        });
        if (request.route() == FuzzRequests.Route.HA_PARAMS) {
            state.append("params ").append(send("GET", JsonRoutes.HA_PARAMS, null));
        }
        return state.toString();
    }

    private static Answer send(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("https://" + master.address() + ":"
                        + master.options().apiPort() + path)).timeout(RawHttp.TIMEOUT)
                .header("Authorization", RawHttp.basic("bal", master.options().password()))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("ETag").orElse(null));
        } catch (IOException e) {
            return new Answer(-1, "no answer: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", null);
        }
    }
}
