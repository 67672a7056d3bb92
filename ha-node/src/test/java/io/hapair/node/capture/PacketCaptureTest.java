package io.hapair.node.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hapair.node.capture.model.CaptureRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real tcpdump captures on lo, bounded by time, size and the operator's stop, with their files kept and deleted. */
class PacketCaptureTest {

    private static final String ADDRESS = "127.20.186.1";
    // Short, so that a file left unread is seen deleted; the node keeps it 10 minutes.
    private static final Duration KEEP = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private Vertx vertx;
    private Context context;
    private PacketCapture capture;
    private ServerSocket sink;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        capture = new PacketCapture(vertx, context, "tcpdump", dir.resolve("capture"), "solo", KEEP,
                System::currentTimeMillis);
        on(capture::start);
        sink = new ServerSocket(0, 10, InetAddress.getByName(ADDRESS));
        Thread reader = new Thread(() -> {
            try (Socket s = sink.accept()) {
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (Exception e) {
                // The test closes the sink at its end.
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void stop() throws Exception {
        sink.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCaptureStopsAtItsSizeLimitKeepingWholePacketsOnly() throws Exception {
        on(() -> capture.begin(request(30, 1_000, 4)));
        try (Socket client = new Socket(ADDRESS, sink.getLocalPort())) {
            for (int i = 0; i < 100; i++) {
                client.getOutputStream().write(new byte[1000]);
                client.getOutputStream().flush();
                Thread.sleep(5);
            }
        }
        PacketCapture.Status ended = awaitEnd();

        assertThat(ended.state()).isEqualTo("finished");
        assertThat(ended.endedBy()).isEqualTo("size limit");
        assertThat(ended.bytes()).isGreaterThanOrEqualTo(4 * 1024).isLessThan(4 * 1024 + 1024 * 1024);
        assertThat(Files.size(dir.resolve("capture/capture.pcap"))).isEqualTo(ended.bytes());
    }

    @Test
    void aCaptureReportedRunningHoldsThePacketsSentRightAfter() throws Exception {
        for (int round = 0; round < 5; round++) {
            PacketCapture.Status running = on(() -> capture.begin(request(30, 1, 1024)));
            assertThat(running.state()).isEqualTo("running");
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(ADDRESS, 9));
            } catch (IOException refused) {
                // The SYN is the packet: nothing listens on port 9.
            }
            PacketCapture.Status ended = awaitEnd();
            assertThat(ended.endedBy()).as("round %d", round).isEqualTo("packet limit");
            assertThat(ended.packetsCaptured()).isEqualTo(1);
        }
    }

    @Test
    void aCaptureWithoutTrafficEndsAtItsTimeLimitWithAnEmptyPcapFile() throws Exception {
        long began = System.nanoTime();
        on(() -> capture.begin(request(1, 1_000, 1024)));
        PacketCapture.Status ended = awaitEnd();

        assertThat(ended.state()).isEqualTo("finished");
        assertThat(ended.endedBy()).isEqualTo("time limit");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(ended.bytes()).as("the pcap file header alone").isEqualTo(24);
        assertThat(ended.packetsCaptured()).isZero();
    }

    @Test
    void oneCaptureRunsAtATimeAndAStoppedOnesFileIsReplacedByTheNext() throws Exception {
        on(() -> capture.begin(request(30, 1_000, 1024)));
        assertThatThrownBy(() -> on(() -> capture.begin(request(30, 1_000, 1024))))
                .hasCauseInstanceOf(PacketCapture.Busy.class);
        onNow(capture::halt);
        assertThat(awaitEnd()).extracting(PacketCapture.Status::state, PacketCapture.Status::endedBy)
                .containsExactly("finished", "stopped");

        on(() -> capture.begin(request(1, 1_000, 1024)));
        awaitEnd();
        assertThat(onNow(capture::download)).as("the new capture's file").isPresent();
        onNow(() -> {
            capture.downloaded();
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> onNow(capture::status).state().equals("deleted"));
        assertThat(onNow(capture::status).deletedBecause()).isEqualTo("downloaded");
        assertThat(dir.resolve("capture")).isEmptyDirectory();
        assertThat(onNow(capture::download)).as("handed out once").isEmpty();
    }

    @Test
    void aFileNotDownloadedIsDeletedWhenItsTimeIsUp() throws Exception {
        on(() -> capture.begin(request(1, 1_000, 1024)));
        PacketCapture.Status ended = awaitEnd();
        assertThat(ended.state()).isEqualTo("finished");
        assertThat(ended.deletesAt()).isEqualTo(ended.endedAt() + KEEP.toMillis());
        assertThat(dir.resolve("capture/capture.pcap")).exists();

        await().atMost(KEEP.plusSeconds(5)).until(() -> onNow(capture::status).state().equals("deleted"));
        assertThat(onNow(capture::status).deletedBecause()).isEqualTo("expired");
        assertThat(dir.resolve("capture")).isEmptyDirectory();
        assertThat(onNow(capture::download)).isEmpty();
    }

    @Test
    void aFilterTcpdumpDoesNotCompileIsRefusedAndNothingRuns() {
        CaptureRequest bad = new CaptureRequest("lo", "tcp port nonsense", 30, 1_000, 1024);

        assertThatThrownBy(() -> on(() -> capture.begin(bad))).cause().isInstanceOf(PacketCapture.Refused.class)
                .hasMessageContaining("unknown port 'nonsense'")
                .satisfies(e -> assertThat(((PacketCapture.Refused) e).field()).isEqualTo("filter"));
        assertThat(onNowQuietly(capture::status).state()).isEqualTo("none");
    }

    @Test
    void theConfiguredTcpdumpIsTheProgramThatRunsAndAMissingOneSaysWhichKeyToSet() throws Exception {
        Path missing = dir.resolve("no-such-tcpdump");
        PacketCapture elsewhere = new PacketCapture(vertx, context, missing.toString(), dir.resolve("other"), "solo",
                KEEP, System::currentTimeMillis);
        on(elsewhere::start);
        CaptureRequest request = new CaptureRequest("lo", "tcp port 80", 30, 1_000, 1024);

        assertThatThrownBy(() -> on(() -> elsewhere.begin(request))).cause()
                .isInstanceOf(PacketCapture.Unavailable.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("set the tcpdump key to its path");
    }

    @Test
    void stoppingTheNodeEndsTheCaptureAndDeletesItsFile() throws Exception {
        on(() -> capture.begin(request(30, 1_000, 1024)));
        on(capture::stop);

        assertThat(dir.resolve("capture")).isEmptyDirectory();
        assertThat(onNow(capture::status).state()).isEqualTo("none");
    }

    private static CaptureRequest request(int seconds, int packets, int kib) {
        return new CaptureRequest("lo", "tcp and host " + ADDRESS, seconds, packets, kib);
    }

    private PacketCapture.Status awaitEnd() {
        await().atMost(Duration.ofSeconds(15)).until(() -> !onNow(capture::status).state().equals("running"));
        return onNowQuietly(capture::status);
    }

    /** Runs {@code call} on the capture's event loop, as the API does, and waits for its future. */
    private <T> T on(Supplier<Future<T>> call) throws Exception {
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(result));
        try {
            return result.future().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new Exception(e.getCause());
        }
    }

    /** Runs a call that answers at once on the capture's event loop. */
    private <T> T onNow(Callable<T> call) throws Exception {
        return on(() -> {
            try {
                return Future.succeededFuture(call.call());
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        });
    }

    private <T> T onNowQuietly(Callable<T> call) {
        try {
            return onNow(call);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
