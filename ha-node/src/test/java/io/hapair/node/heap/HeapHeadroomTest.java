package io.hapair.node.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hapair.node.heap.Heap.FreeRatios;
import io.vertx.core.Vertx;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On this test's own JVM: the free ratios are the JVM's real, manageable flags. */
class HeapHeadroomTest {

    private static final FreeRatios UNIT = new FreeRatios(10, 30);

    private final Heap jvm = Heap.ofThisJvm();
    private FreeRatios original;
    private Vertx vertx;

    @BeforeEach
    void tightHeapAsTheUnitRunsIt() {
        original = jvm.ratios();
        jvm.ratios(UNIT);
        vertx = Vertx.vertx();
    }

    @AfterEach
    void restore() {
        vertx.close().await();
        jvm.ratios(original);
    }

    @Test
    void theJvmTakesRatiosAboveAndBelowItsCurrentOnesInEitherDirection() {
        jvm.ratios(new FreeRatios(60, 85));
        assertThat(jvm.ratios()).isEqualTo(new FreeRatios(60, 85));

        jvm.ratios(new FreeRatios(5, 20));
        assertThat(jvm.ratios()).isEqualTo(new FreeRatios(5, 20));
    }

    @Test
    void aBulkCommitWidensTheRatiosUntilTheLoadEndsThenRestoresThemAndCollects() {
        HeapHeadroom headroom = new HeapHeadroom(vertx, () -> jvm, System::currentTimeMillis);
        long collectionsBefore = fullCollections();

        headroom.committed(500);

        await("widened").atMost(Duration.ofSeconds(5)).until(() -> jvm.ratios().equals(HeapHeadroom.DURING_LOAD));
        await("back to the unit's ratios").atMost(Duration.ofSeconds(5)).until(() -> jvm.ratios().equals(UNIT));
        await("one collection after the load").atMost(Duration.ofSeconds(5))
                .until(() -> fullCollections() > collectionsBefore);
    }

    @Test
    void writesAfterTheLoadBeganKeepTheRatiosWideUntilTheyStop() throws InterruptedException {
        HeapHeadroom headroom = new HeapHeadroom(vertx, () -> jvm, System::currentTimeMillis);
        headroom.expected(10_000);
        await("widened").atMost(Duration.ofSeconds(5)).until(() -> jvm.ratios().equals(HeapHeadroom.DURING_LOAD));

        for (int i = 0; i < 6; i++) {
            Thread.sleep(HeapHeadroom.QUIET_MILLIS / 3);
            headroom.committed(500);
            assertThat(jvm.ratios()).as("while batches keep coming").isEqualTo(HeapHeadroom.DURING_LOAD);
        }

        await("back after the last batch").atMost(Duration.ofSeconds(5)).until(() -> jvm.ratios().equals(UNIT));
    }

    @Test
    void smallCommitsLeaveTheRatiosAlone() throws InterruptedException {
        AtomicInteger made = new AtomicInteger();
        HeapHeadroom headroom = new HeapHeadroom(vertx, () -> {
            made.incrementAndGet();
            return jvm;
        }, System::currentTimeMillis);

        headroom.committed(1);
        headroom.expected(HeapHeadroom.BULK_DOCUMENTS - 1);
        Thread.sleep(200);

        assertThat(jvm.ratios()).isEqualTo(UNIT);
        assertThat(made).as("the JVM's management beans are not even looked up").hasValue(0);
    }

    @Test
    void aJvmThatRefusesTheRatiosLeavesBulkLoadsToItsOwnSteps() throws InterruptedException {
        AtomicInteger asked = new AtomicInteger();
        HeapHeadroom headroom = new HeapHeadroom(vertx, () -> {
            asked.incrementAndGet();
            throw new IllegalStateException("this JVM has no HotSpot diagnostic bean");
        }, System::currentTimeMillis);

        headroom.committed(500);
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 1);
        Thread.sleep(HeapHeadroom.QUIET_MILLIS + 300);
        headroom.committed(500);
        Thread.sleep(HeapHeadroom.QUIET_MILLIS + 300);

        assertThat(asked).as("asked once, then left alone").hasValue(1);
        assertThat(jvm.ratios()).isEqualTo(UNIT);
    }

    private static long fullCollections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> !gc.getName().contains("Young") && !gc.getName().contains("Copy")
                        && !gc.getName().contains("Scavenge"))
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
