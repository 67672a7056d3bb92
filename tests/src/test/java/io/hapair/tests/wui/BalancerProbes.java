package io.hapair.tests.wui;

import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Stands in for the cloud balancer: a GET on each node's 8444 every second makes the nodes "connected". */
final class BalancerProbes implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    BalancerProbes(List<String> addresses) {
        timer.scheduleAtFixedRate(() -> addresses.forEach(BalancerProbes::probe), 0, 1, TimeUnit.SECONDS);
    }

    private static void probe(String address) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address + ":8444/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            c.getResponseCode();
            c.disconnect();
        } catch (java.io.IOException e) {
            // A node that is down or starting refuses: that is what a balancer sees too.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
