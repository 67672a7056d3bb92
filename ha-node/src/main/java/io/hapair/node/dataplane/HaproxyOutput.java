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
 * node's log, and the recent ones are kept to quote HAProxy's alerts; a start, reload or stop waits for
 * HAProxy's verdict on it with an {@link Expectation}.
 */
final class HaproxyOutput {

    private static final Logger LOG = LoggerFactory.getLogger("io.hapair.node.dataplane.haproxy");
    // Enough for the alerts of one failed start or reload of a large configuration.
    private static final int KEPT = 500;

    private final Deque<String> recent = new ArrayDeque<>();
    private final List<Expectation> expected = new ArrayList<>();
    private long count;
    private boolean closed;

    /**
     * Reads {@code process}'s output on a thread of its own until HAProxy closes it. Expectations taken before are
     * tested on every line from the first.
     */
    void read(Process process) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = process.inputReader()) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    add(line);
                }
            } catch (IOException e) {
                // The JDK closes a destroyed process's streams under the reader; nothing more will come.
                LOG.debug("haproxy output: reading stopped: {}", e.toString());
            } finally {
                close();
            }
        }, "hanode-haproxy-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    synchronized void add(String line) {
        if (line.startsWith("[ALERT]") || line.startsWith("[WARNING]")) {
            LOG.warn("haproxy: {}", line);
        } else {
            LOG.info("haproxy: {}", line);
        }
        for (Expectation e : expected) {
            if (e.line == null && e.verdict.test(line)) {
                e.line = line;
            }
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
     * Tests every line written from now on with {@code verdict}, until the expectation is closed. Taken before the
     * action whose answer it waits for: a reload's verdict is followed by a line for each proxy the former worker
     * stops (thousands with as many virtual services), which push it out of the kept lines before a waiter that
     * looked only at those could see it.
     */
    synchronized Expectation expect(Predicate<String> verdict) {
        Expectation e = new Expectation(verdict);
        expected.add(e);
        return e;
    }

    /** A line some waiter expects, remembered as it is written. */
    final class Expectation implements AutoCloseable {
        private final Predicate<String> verdict;
        private String line;

        private Expectation(Predicate<String> verdict) {
            this.verdict = verdict;
        }

        /**
         * The first line written since this was taken that the verdict accepts; null when the output closes or
         * {@code timeout} passes first.
         */
        String await(Duration timeout) throws InterruptedException {
            synchronized (HaproxyOutput.this) {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (line == null) {
                    long left = deadline - System.nanoTime();
                    if (closed || left <= 0) {
                        return null;
                    }
                    HaproxyOutput.this.wait(Math.max(1, left / 1_000_000)); // woken by every line and by the close
                }
                return line;
            }
        }

        @Override
        public void close() {
            synchronized (HaproxyOutput.this) {
                expected.remove(this);
            }
        }
    }

    private synchronized void close() {
        closed = true;
        notifyAll();
    }
}
