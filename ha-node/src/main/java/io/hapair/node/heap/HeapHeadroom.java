package io.hapair.node.heap;

import io.hapair.node.heap.model.BulkLoads;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the Java heap grow in large steps while a bulk load of settings runs, and gives the memory back when it ends.
 *
 * <p>The node runs with a tight heap (the unit's {@code -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30}): at rest the
 * heap keeps little more than what is live. During a bulk load (an import, or a resync that brings or sends thousands
 * of documents) the live heap grows by tens of MB, and with 10% free after each full collection the serial collector ran
 * one full collection for every 10% of growth: ten or more of 20-40 ms each in a one-second resync (GC log of the
 * slave, issue 19). While a load runs, this sets the free ratios to at least {@link #DURING_LOAD} (both are manageable
 * JVM flags), so that each full collection leaves the heap at two and a half times what is live and few are needed; when
 * the load ends it sets them back and runs one full collection, which compacts the heap and gives back what the load
 * no longer needs.
 *
 * <p>Writes are reported from the settings store's callers and its thread, and must cost them nothing: the flags are
 * set, and the collection runs, on a worker thread of its own, one task at a time in order.
 */
public final class HeapHeadroom {

    private static final Logger LOG = LoggerFactory.getLogger(HeapHeadroom.class);

    /** A write of this many documents, asked for or committed, begins a bulk load or keeps it going. */
    public static final int BULK_DOCUMENTS = 200;
    /** A bulk load ends once no such write has come for this long. */
    public static final long QUIET_MILLIS = 1_000;
    /** The free ratios while a bulk load runs, where the JVM's are lower. */
    public static final Heap.FreeRatios DURING_LOAD = new Heap.FreeRatios(60, 85);

    private final Vertx vertx;
    private final Supplier<Heap> heapMaker;
    private final LongSupplier now;
    private final WorkerExecutor worker;
    private final BulkLoads loads = new BulkLoads(BULK_DOCUMENTS, QUIET_MILLIS);
    private long timer = -1;
    // On the worker only: made at the first bulk load (the JVM's management classes load then, not at start).
    private Heap heap;
    private Heap.FreeRatios before;
    private boolean unavailable;

    public HeapHeadroom(Vertx vertx, Supplier<Heap> heap, LongSupplier now) {
        this.vertx = vertx;
        this.heapMaker = heap;
        this.now = now;
        this.worker = vertx.createSharedWorkerExecutor("hanode-heap", 1);
    }

    /**
     * {@code documents} documents about to move through the settings store (a write asked for, a part of the partner's
     * index arriving, documents to be read and sent), before the work runs (any thread).
     */
    public synchronized void expected(int documents) {
        then(loads.expected(documents, now.getAsLong()), documents);
    }

    /** A commit of {@code documents} documents to the settings store (any thread). */
    public synchronized void committed(int documents) {
        then(loads.committed(documents, now.getAsLong()), documents);
    }

    private void then(BulkLoads.Write w, int documents) {
        if (w == BulkLoads.Write.NONE) {
            return;
        }
        if (w == BulkLoads.Write.BEGAN) {
            worker.executeBlocking(() -> {
                widen(documents);
                return null;
            }, true);
        }
        rearm();
    }

    private void rearm() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        OptionalLong at = loads.endsAt();
        timer = at.isEmpty() ? -1 : vertx.setTimer(Math.max(1, at.getAsLong() - now.getAsLong()), id -> check());
    }

    private synchronized void check() {
        timer = -1;
        loads.ended(now.getAsLong()).ifPresentOrElse(ended -> worker.executeBlocking(() -> {
            restore(ended);
            return null;
        }, true), this::rearm);
    }

    private void widen(int documents) {
        if (unavailable) {
            return;
        }
        try {
            if (heap == null) {
                heap = heapMaker.get();
            }
            before = heap.ratios();
            heap.ratios(before.atLeast(DURING_LOAD));
            Heap.FreeRatios during = heap.ratios();
            LOG.info("heap: a bulk load of settings began ({} documents at once): the heap grows in larger steps "
                    + "until it ends (MinHeapFreeRatio {}, MaxHeapFreeRatio {}; at rest {} and {})", documents,
                    during.min(), during.max(), before.min(), before.max());
        } catch (RuntimeException e) {
            // Left as they are from now on; what was read before a failed change is set back when the load ends.
            unavailable = true;
            LOG.warn("heap: cannot change the JVM's heap free ratios ({}); bulk loads grow the heap in the JVM's own steps",
                    e.toString());
        }
    }

    private void restore(BulkLoads.Ended ended) {
        if (before == null) {
            return;
        }
        try {
            heap.ratios(before);
            long committedBefore = heap.committedBytes();
            long start = System.nanoTime();
            heap.collect();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            Heap.FreeRatios after = heap.ratios();
            LOG.info("heap: the bulk load of settings ended ({} documents over {} ms): MinHeapFreeRatio {} and "
                    + "MaxHeapFreeRatio {} again; one full collection in {} ms took the heap from {} to {} MiB",
                    ended.documents(), ended.lastedMillis(), after.min(), after.max(), tookMillis,
                    committedBefore >> 20, heap.committedBytes() >> 20);
        } catch (RuntimeException e) {
            LOG.warn("heap: cannot set the JVM's heap free ratios back to {} and {} ({})", before.min(), before.max(),
                    e.toString());
        } finally {
            before = null;
        }
    }
}
