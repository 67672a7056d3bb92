package io.hapair.node.syslog.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    @Test
    void aFullQueueKeepsTheNewestAndCountsWhatGaveWay() {
        OutboundQueue<Integer> queue = new OutboundQueue<>(3);
        for (int i = 1; i <= 7; i++) {
            queue.offer(i);
        }

        assertThat(queue.dropped()).isEqualTo(4);
        assertThat(queue.take(10)).containsExactly(5, 6, 7);
        assertThat(queue.size()).isZero();
    }

    @Test
    void takeHandsOutTheOldestFirstAndNoMoreThanAsked() {
        OutboundQueue<String> queue = new OutboundQueue<>(10);
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");

        assertThat(queue.take(2)).containsExactly("a", "b");
        assertThat(queue.take(2)).containsExactly("c");
        assertThat(queue.dropped()).isZero();
    }
}
