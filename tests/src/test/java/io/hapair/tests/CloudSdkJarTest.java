package io.hapair.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hapair.tests.fixture.Fixtures;
import io.hapair.tests.fixture.HanodeJar;
import io.hapair.tests.fixture.NodeOptions;
import io.hapair.tests.fixture.NodePair;
import io.hapair.tests.fixture.Patience;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The release jar keeps the cloud SDKs (Azure, AWS), the adapters and the Azure blob witness in a nested jar,
 * cloud/hanode-cloud.jar, that the node opens with a class loader of its own when it first needs them: the JDK
 * holds every class path jar's central directory in the heap, and these SDKs are most of the release jar's
 * entries. Each cloud path must still work through that loader: the CLI's providers, the AWS SDK's wire format,
 * the Azure blob witness of a running pair.
 */
class CloudSdkJarTest {

    private static final List<String> MOVED = List.of("com/azure/", "com/microsoft/", "software/amazon/", "reactor/",
            "org/reactivestreams/", "com/sun/jna/", "io/hapair/cloud/azure/", "io/hapair/cloud/aws/",
            "io/hapair/node/witness/azure/");

    @RegisterExtension
    static final Fixtures fixtures = new Fixtures(188);

    @Test
    void theReleaseJarHoldsTheCloudSdksOnlyInItsNestedJarAndKeepsTheCoreAtItsTopLevel() throws IOException {
        Set<String> top = new HashSet<>();
        Set<String> nested = new HashSet<>();
        try (JarFile jar = new JarFile(HanodeJar.jar().toFile())) {
            jar.stream().map(ZipEntry::getName).forEach(top::add);
            ZipEntry cloud = jar.getEntry("cloud/hanode-cloud.jar");
            assertThat(cloud).as("cloud/hanode-cloud.jar in the release jar").isNotNull();
            try (JarInputStream in = new JarInputStream(jar.getInputStream(cloud))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    nested.add(e.getName());
                }
            }
        }

        assertThat(top).filteredOn(name -> MOVED.stream().anyMatch(name::startsWith)).isEmpty();
        assertThat(nested).contains("com/azure/storage/blob/BlobClient.class",
                "software/amazon/awssdk/services/ec2/Ec2Client.class",
                "software/amazon/awssdk/services/elasticloadbalancingv2/ElasticLoadBalancingV2Client.class",
                "io/hapair/cloud/azure/AzureProvider.class", "io/hapair/cloud/aws/AwsProvider.class",
                "io/hapair/node/witness/azure/AzureBlobWitness.class",
                "META-INF/services/io.hapair.cloud.run.CloudProvider",
                "META-INF/services/io.hapair.node.witness.WitnessClientFactory");
        // What the node's core uses stays where the app loader finds it, and is not loaded twice.
        assertThat(top).contains("io/hapair/cloud/run/CloudClasses.class", "io/hapair/node/witness/WitnessClient.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class", "io/netty/channel/Channel.class",
                "org/slf4j/Logger.class", "org/bouncycastle/cert/X509CertificateHolder.class");
        assertThat(nested).filteredOn(name -> name.endsWith(".class")).filteredOn(top::contains).isEmpty();
    }

    @Test
    void theCliFindsBothProvidersThroughTheNestedJarAndLeavesNoUnpackedCopyBehind() throws Exception {
        Path tmp = Files.createDirectories(fixtures.workDir().resolve("cli-tmp"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path leftByKilledNode = Files.createDirectory(tmp.resolve("hanode-cloud-" + gone.pid() + "-1"));
        Files.writeString(leftByKilledNode.resolve("hanode-cloud.jar"), "left behind by kill -9");
        Path topology = Files.writeString(fixtures.workDir().resolve("unknown-provider.yaml"), """
                provider: nosuch
                node1: {address: 10.0.0.4}
                node2: {address: 10.0.0.5}
                """);

        Run run = cli(List.of("-Djava.io.tmpdir=" + tmp), Map.of(), "cloud", "plan", "--topology", topology.toString());

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.output).contains("provider: 'nosuch' is not supported; use one of: aws, azure");
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("the killed node's copy is swept, the command's own removed at exit").isEmpty();
        }
    }

    @Test
    void anAwsCommandThroughTheJarSendsASignedQueryRequestAndReadsTheServicesError() throws Exception {
        String address = fixtures.nextAddress();
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer elb = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
        elb.createContext("/", exchange -> {
            requests.add(exchange.getRequestHeaders().getFirst("Authorization") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = """
                    <ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error>\
                    <Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/t is not \
                    authorized to perform: elasticloadbalancing:DescribeLoadBalancers</Message></Error>\
                    <RequestId>7c1b2a3d</RequestId></ErrorResponse>""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        elb.start();
        try {
            String endpoint = "http://" + address + ":" + elb.getAddress().getPort();
            Path topology = Files.writeString(fixtures.workDir().resolve("aws.yaml"), """
                    provider: aws
                    node1: {address: 10.0.0.4}
                    node2: {address: 10.0.0.5}
                    clientSources: [10.0.0.0/16]
                    probeSources: [10.0.0.0/24]
                    aws:
                      region: eu-west-1
                      loadBalancer: nlb-pair
                      elbEndpoint: %s
                      ec2Endpoint: %s
                    """.formatted(endpoint, endpoint));

            Run run = cli(List.of(), Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"),
                    "cloud", "plan", "--topology", topology.toString(), "--timeout", "20s");

            assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
            assertThat(run.output).contains("permission denied: elasticloadbalancing:DescribeLoadBalancers on load"
                    + " balancer nlb-pair (AccessDenied)");
            assertThat(requests).first().satisfies(request -> assertThat(request)
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/elasticloadbalancing/aws4_request")
                    .endsWith("\nAction=DescribeLoadBalancers&Version=2015-12-01&Names.member.1=nlb-pair"));
        } finally {
            elb.stop(0);
        }
    }

    @Test
    void aPairWithTheAzureBlobWitnessTakesItsLeaseThroughTheJar() throws Exception {
        String azuriteAddress = fixtures.nextAddress();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(azuriteAddress))) {
            port = probe.getLocalPort();
        }
        Path data = Files.createDirectories(fixtures.workDir().resolve("azurite"));
        // --disableTelemetry: Azurite otherwise sends usage data to Application Insights, off the machine.
        Process azurite = new ProcessBuilder("azurite-blob", "--blobHost", azuriteAddress, "--blobPort",
                Integer.toString(port), "--location", data.toString(), "--skipApiVersionCheck", "--disableTelemetry")
                .redirectErrorStream(true).redirectOutput(fixtures.workDir().resolve("azurite.log").toFile()).start();
        try {
            URI blobUrl = URI.create("http://" + azuriteAddress + ":" + port + "/devstoreaccount1");
            HttpClient http = HttpClient.newHttpClient();
            await("Azurite listening").atMost(Patience.START).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(blobUrl).build(), HttpResponse.BodyHandlers.discarding()).statusCode() > 0);
            Path secret = Files.writeString(fixtures.workDir().resolve("witness-secret"),
                    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
                            + "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                            + "BlobEndpoint=" + blobUrl + ";");
            // The node reads no secret that others could.
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            String[] flags = {"--witness", "azure-blob", "--witness-endpoints", blobUrl.toString(),
                "--witness-secret-file", secret.toString()};
            Path masterTmp = Files.createDirectories(fixtures.workDir().resolve("master-tmp"));
            NodeOptions master = fixtures.masterOptions("prefer-master", flags).withJvmArgs(tmpdir(masterTmp));
            NodeOptions slave = fixtures.slaveOptions("prefer-master", flags);
            NodePair pair = fixtures.pairOf("prefer-master", master, slave);

            await("master holds the blob lease").atMost(Patience.SETTLE).ignoreExceptions()
                    .until(() -> pair.master().status().path("witness").path("held").asBoolean());
            JsonNode witness = pair.master().status().path("witness");
            assertThat(witness.path("type").asText()).isEqualTo("azure-blob");
            assertThat(witness.path("token").asLong()).as(witness.toString()).isPositive();
            List<Path> unpacked = unpackedIn(masterTmp);
            assertThat(unpacked).hasSize(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unpacked.get(0))))
                    .as("only the node's user may enter it").isEqualTo("rwx------");
        } finally {
            azurite.destroy();
            if (!azurite.waitFor(10, TimeUnit.SECONDS)) {
                azurite.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aNodeThatUsesNoCloudFeatureNeverOpensTheNestedJar() throws Exception {
        Path tmp = Files.createDirectories(fixtures.workDir().resolve("standalone-tmp"));
        NodeOptions options = NodeOptions.of("alone", "none", "prefer-master", fixtures.nextAddress(), null)
                .withJvmArgs(tmpdir(tmp));

        fixtures.node(options);

        assertThat(unpackedIn(tmp)).as("the SDKs stay in the release jar, their central directory out of the heap")
                .isEmpty();
    }

    private static List<String> tmpdir(Path dir) {
        List<String> jvm = new ArrayList<>(NodeOptions.LIGHT_JVM);
        jvm.add("-Djava.io.tmpdir=" + dir);
        return jvm;
    }

    private static List<Path> unpackedIn(Path tmp) throws IOException {
        try (var entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("hanode-cloud-")).toList();
        }
    }

    private record Run(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + output;
        }
    }

    /** {@code hanode ARGS} to completion, with extra JVM options and environment; both streams in one. */
    private static Run cli(List<String> jvmArgs, Map<String, String> env, String... args) throws Exception {
        List<String> jvm = new ArrayList<>(NodeOptions.LIGHT_JVM);
        jvm.addAll(jvmArgs);
        Path output = Files.createTempFile(fixtures.workDir(), "cli", ".out");
        ProcessBuilder builder = new ProcessBuilder(HanodeJar.command(jvm, List.of(args))).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("HANODE_") || k.startsWith("AWS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hanode " + List.of(args) + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), Files.readString(output));
    }
}
