package io.hapair.node.dataplane;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one HAProxy master and its workers write (stdout and stderr together): each line goes to the
 * node's log, and the recent ones are kept, so that a start or reload can wait for HAProxy's verdict
 * and quote its alerts.
 */
final class HaproxyOutput {

    private static final Logger LOG = LoggerFactory.getLogger("io.hapair.node.dataplane.haproxy");
    // Enough for the alerts of one failed start or reload of a large configuration.
    private static final int KEPT = 500;

    private final Deque<String> recent = new ArrayDeque<>();
    private long count;
    private boolean closed;

    /** Reads the process's output on a thread of its own until HAProxy closes it. */
    static HaproxyOutput of(Process process) {
        HaproxyOutput output = new HaproxyOutput();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = process.inputReader()) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                // The JDK closes a destroyed process's streams under the reader; nothing more will come.
                LOG.debug("haproxy output: reading stopped: {}", e.toString());
            } finally {
                output.close();
            }
        }, "hanode-haproxy-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    synchronized void add(String line) {
        if (line.startsWith("[ALERT]") || line.startsWith("[WARNING]")) {
            LOG.warn("haproxy: {}", line);
        } else {
            LOG.info("haproxy: {}", line);
        }
        recent.addLast(line);
        if (recent.size() > KEPT) {
            recent.removeFirst();
        }
        count++;
        notifyAll();
    }

    /** A position to read from: lines written from now on. */
    synchronized long mark() {
        return count;
    }

    /** The kept lines written since {@code mark}. */
    synchronized List<String> since(long mark) {
        List<String> lines = new ArrayList<>(recent);
        long first = count - lines.size();
        return lines.subList((int) Math.max(0, Math.min(lines.size(), mark - first)), lines.size());
    }

    /**
     * Waits for a line since {@code mark} that {@code verdict} accepts, and returns it; null when the output
     * closes (HAProxy is gone) or {@code timeout} passes first.
     */
    synchronized String await(long mark, Predicate<String> verdict, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = mark;
        while (true) {
            for (String line : since(seen)) {
                if (verdict.test(line)) {
                    return line;
                }
            }
            seen = count;
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000)); // woken by every line and by the close
        }
    }

    private synchronized void close() {
        closed = true;
        notifyAll();
    }
}
