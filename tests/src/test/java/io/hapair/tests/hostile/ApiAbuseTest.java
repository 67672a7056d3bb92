package io.hapair.tests.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HaNodeProcess;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.NodePair;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile clients of the API port (8443): floods of unauthenticated bodies, multipart uploads,
 * password guessing, malformed credentials and JSON; and the security headers of every answer. Each
 * attack runs against the active master of a real pair started as {@code ./hanode} starts a node,
 * under an {@link AttackWatch}: the master keeps its role, answers every probe and loses nothing.
 */
class ApiAbuseTest {

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(50, HanodeJar.launcherJvmOptions());
    // One source address per attack: throttling is per address, so one attack must not lock out another.
    static String guesser;
    static String operator;
    static String jsonClient;
    static String brokenAuthClient;
    static String loginClient;
    static NodePair pair;
    static HaNodeProcess master;

    private static final String PASSWORD_HEADER = "Authorization";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    // A stack frame as logback prints it: a logged 500 with its exception.
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(");

    @BeforeAll
    static void startPair() {
        pair = fixtures.pair("prefer-master");
        master = pair.master();
        guesser = fixtures.nextAddress();
        operator = fixtures.nextAddress();
        jsonClient = fixtures.nextAddress();
        brokenAuthClient = fixtures.nextAddress();
        loginClient = fixtures.nextAddress();
    }

    @BeforeEach
    void masterActive() {
        pair.reset(master);
    }

    @Test
    void fortyUnauthenticatedSixteenMegabyteImportsAreRefusedBeforeTheirBodies() throws Exception {
        RawHttp api = RawHttp.api(master);
        List<RawHttp.Upload> uploads = new ArrayList<>();
        AttackWatch watch = fixtures.track(AttackWatch.start(pair, master));
        ExecutorService clients = Executors.newFixedThreadPool(40);
        try {
            // 16 MiB declared (the import limit), 2 MiB sent: a node that buffers before it authenticates never answers.
            List<Future<RawHttp.Upload>> sent = IntStream.range(0, 40).mapToObj(i -> clients.submit(() ->
                    api.sendPartially("POST", JsonRoutes.IMPORT, JSON, 16L << 20, 2 << 20))).toList();
            for (Future<RawHttp.Upload> upload : sent) {
                uploads.add(upload.get(2 * RawHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(uploads).allSatisfy(u -> assertThat(u.reply().status())
                .as("answer to an upload that sent %d of 16 MiB: %s", u.bytesSent(), u.reply()).isIn(401, 413));
        watch.assertHeld();
    }

    @Test
    void unauthenticatedMultipartUploadsAreRefusedAndNothingReachesTheDisk() {
        String boundary = "hostile-boundary-7f3a";
        byte[] file = new byte[256 * 1024];
        new Random(7).nextBytes(file);
        byte[] body = multipart(boundary, file);
        RawHttp api = RawHttp.api(master);
        List<String> answers = new ArrayList<>();
        AttackWatch watch = fixtures.track(AttackWatch.start(pair, master));

        for (String path : List.of(JsonRoutes.IMPORT, "/api/v1/virtual-services", JsonRoutes.accept("virtual-services", "x"),
                JsonRoutes.LOGIN)) {
            RawHttp.Reply reply = api.send("POST", path, Map.of("Content-Type", "multipart/form-data; boundary=" + boundary),
                    body);
            answers.add(path + " -> " + reply);
            assertThat(reply.status()).as("POST %s (multipart, no credentials): %s", path, reply).isBetween(400, 499);
        }

        watch.assertHeld();
        for (HaNodeProcess node : pair.nodes()) {
            assertThat(node.workingDir().resolve("file-uploads")).as("upload folder of " + node.name() + " after " + answers)
                    .doesNotExist();
        }
    }

    @Test
    void guessedPasswordsAreThrottledPerAddressAndCounted() {
        RawHttp fromGuesser = RawHttp.api(master).from(guesser);
        RawHttp fromOperator = RawHttp.api(master).from(operator);
        AttackWatch watch = fixtures.track(AttackWatch.start(pair, master));

        List<RawHttp.Reply> guesses = IntStream.range(0, 50).mapToObj(i -> fromGuesser.send("GET", "/api/v1/ha/status",
                Map.of(PASSWORD_HEADER, RawHttp.basic("bal", "guess-" + i)), new byte[0])).toList();
        RawHttp.Reply rightPasswordFromGuesser = fromGuesser.send("GET", "/api/v1/ha/status",
                Map.of(PASSWORD_HEADER, RawHttp.basic("bal", master.options().password())), new byte[0]);
        RawHttp.Reply rightPasswordFromOperator = fromOperator.send("GET", "/api/v1/ha/status",
                Map.of(PASSWORD_HEADER, RawHttp.basic("bal", master.options().password())), new byte[0]);
        RawHttp.Reply metrics = fromOperator.send("GET", "/metrics",
                Map.of(PASSWORD_HEADER, RawHttp.basic("bal", master.options().password())), new byte[0]);

        List<Integer> codes = guesses.stream().map(RawHttp.Reply::status).toList();
        int firstThrottled = codes.indexOf(429);
        long refused = codes.stream().filter(c -> c == 401).count();
        assertThat(codes).as("answers to 50 wrong passwords").containsOnly(401, 429);
        assertThat(firstThrottled).as("the wrong password after which %s is throttled: %s", guesser, codes).isBetween(1, 10);
        assertThat(codes.subList(firstThrottled, codes.size())).as("once throttled, every guess: " + codes).containsOnly(429);
        assertThat(guesses.subList(firstThrottled, guesses.size())).allSatisfy(r ->
                assertThat(r.header("Retry-After")).as("Retry-After of a 429").isNotNull().matches("[1-9][0-9]*"));
        assertThat(rightPasswordFromGuesser.status()).as("the right password from the throttled address, in the window: "
                + rightPasswordFromGuesser).isEqualTo(429);
        assertThat(rightPasswordFromOperator.status()).as("the right password from another address: "
                + rightPasswordFromOperator).isEqualTo(200);
        assertThat(metrics.status()).as("/metrics: " + metrics).isEqualTo(200);
        // The series' name is the node's choice; what it must say is in it.
        double counted = PrometheusText.sum(metrics.body(), name -> name.contains("auth") && name.contains("fail"));
        assertThat(counted).as("failed authentications counted in /metrics (a series named *auth*fail*), at least"
                + " the %d answered 401:%n%s", refused, metrics.body()).isGreaterThanOrEqualTo((double) refused);
        watch.assertHeld();
    }

    @Test
    void malformedCredentialsAndJsonAreAnswered400WithoutAStackTrace() {
        long logFrom = master.logSize();
        RawHttp api = RawHttp.api(master);
        String rightPassword = RawHttp.basic("bal", master.options().password());
        // GEO sync routes read their body only for addresses in the remote GEO access list.
        assertThat(master.api("POST", "/api/v1/geo-remote-access", "{\"address\":\"" + jsonClient + "\"}", null).code())
                .isIn(201, 409);
        List<String> malformed = List.of("{\"keep\":", "{\"name\": \"x\",}", "not json at all");
        List<String> wrong = new ArrayList<>();
        AttackWatch watch = fixtures.track(AttackWatch.start(pair, master));

        List<JsonRoutes.Route> routes = JsonRoutes.authenticated("x");
        for (int i = 0; i < routes.size(); i++) {
            // Every route gets one kind of malformed JSON, the conflicts' accept (named in the issue) all of them.
            JsonRoutes.Route route = routes.get(i);
            List<String> bodies = route.path().endsWith("/accept") ? malformed : List.of(malformed.get(i % malformed.size()));
            for (String body : bodies) {
                RawHttp.Reply reply = api.from(jsonClient).send(route.method(), route.path(),
                        Map.of(PASSWORD_HEADER, rightPassword, "Content-Type", "application/json"), utf8(body));
                expect400(wrong, route + " with " + body, reply);
            }
        }
        for (JsonRoutes.Route route : List.of(new JsonRoutes.Route("GET", "/api/v1/ha/status"),
                new JsonRoutes.Route("GET", "/metrics"), new JsonRoutes.Route("POST", JsonRoutes.accept("virtual-services", "x")))) {
            RawHttp.Reply reply = api.from(brokenAuthClient).send(route.method(), route.path(),
                    Map.of(PASSWORD_HEADER, "Basic !!!!", "Content-Type", "application/json"), utf8("{\"keep\":\"kept\"}"));
            expect400(wrong, route + " with Authorization: Basic !!!!", reply);
        }
        for (String body : malformed) {
            RawHttp.Reply reply = api.from(loginClient).send("POST", JsonRoutes.LOGIN, JSON, utf8(body));
            expect400(wrong, "POST " + JsonRoutes.LOGIN + " with " + body, reply);
        }

        assertThat(wrong).as("answers that are not 400").isEmpty();
        assertThat(master.readLog(logFrom)).as("log of " + master.name()).doesNotContainPattern(STACK_FRAME);
        watch.assertHeld();
    }

    @Test
    void uiAndApiAnswersCarrySecurityHeaders() {
        RawHttp api = RawHttp.api(master);
        Map<String, RawHttp.Reply> answers = Map.of(
                "GET /ui/", api.send("GET", "/ui/", Map.of(), new byte[0]),
                "GET /api/v1/ha/status as bal", api.send("GET", "/api/v1/ha/status",
                        Map.of(PASSWORD_HEADER, RawHttp.basic("bal", master.options().password())), new byte[0]),
                "GET /api/v1/ha/status without credentials", api.send("GET", "/api/v1/ha/status", Map.of(), new byte[0]));

        answers.forEach((request, reply) -> {
            assertThat(reply.status()).as(request).isIn(200, 401);
            String csp = reply.header("Content-Security-Policy");
            assertThat(csp).as("Content-Security-Policy of " + request).isNotBlank();
            assertThat(reply.header("X-Frame-Options") != null || csp.contains("frame-ancestors"))
                    .as("X-Frame-Options, or frame-ancestors in the CSP, of " + request + ": " + reply.headers()).isTrue();
            assertThat(reply.header("Strict-Transport-Security")).as("Strict-Transport-Security of " + request)
                    .isNotNull().contains("max-age=");
        });
    }

    private static void expect400(List<String> wrong, String request, RawHttp.Reply reply) {
        if (reply.status() != 400) {
            wrong.add(request + " -> " + reply);
        }
    }

    private static byte[] multipart(String boundary, byte[] file) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"));
        body.writeBytes(file);
        body.writeBytes(utf8("\r\n--" + boundary + "--\r\n"));
        return body.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
