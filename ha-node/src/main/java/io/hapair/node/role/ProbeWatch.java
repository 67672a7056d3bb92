package io.hapair.node.role;

/** Probes seen on the health-check port: whether the balancer reaches this node, and how often it saw us active. */
final class ProbeWatch {

    private final RoleTiming timing;
    private long lastAt = -1;
    private String lastSource;
    private long total;
    private long activeCount;

    ProbeWatch(RoleTiming timing) {
        this.timing = timing;
    }

    void seen(String source, boolean answeredActive, long now) {
        lastAt = now;
        lastSource = source;
        total++;
        if (answeredActive) {
            activeCount++;
        }
    }

    void resetActiveCount() {
        activeCount = 0;
    }

    boolean connected(long now) {
        return lastAt >= 0 && now - lastAt <= timing.unconnectedAfter().toMillis();
    }

    long lastAt() {
        return lastAt;
    }

    String lastSource() {
        return lastSource;
    }

    long total() {
        return total;
    }

    long activeCount() {
        return activeCount;
    }
}
