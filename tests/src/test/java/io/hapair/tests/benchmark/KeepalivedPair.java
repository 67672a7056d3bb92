package io.hapair.tests.benchmark;

import io.hapair.tests.netns.Commands;
import io.hapair.tests.netns.NodeNamespaces;
import io.hapair.tests.netns.NodeNamespaces.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * keepalived (Debian's package) on both hosts of {@link NodeNamespaces}: the reference a user would
 * otherwise pick for an active/standby pair. Unicast VRRP (version 3, so advert_int may be below a second)
 * between the two namespaces, both in state BACKUP with nopreempt (no preemption, like ha-pair's
 * switch-to-preferred none), priority 150 on the first host and 100 on the second. A notify script starts a
 * listener that answers 200 on the health-check port when the host becomes MASTER and stops it otherwise,
 * which is what a cloud balancer's probe sees. Each host's files (configuration, log, states) are in its
 * own folder.
 */
final class KeepalivedPair {

    private final NodeNamespaces net;
    private final String advertInt;
    private final List<Path> dirs = new ArrayList<>();

    /** Writes both hosts' configuration under {@code workDir}, the listener on {@code healthPort}; starts nothing. */
    KeepalivedPair(NodeNamespaces net, Path workDir, String advertInt, int routerId, int healthPort) {
        this.net = net;
        this.advertInt = advertInt;
        try {
            Path notify = workDir.resolve("keepalived-notify.sh");
            if (!Files.exists(notify)) {
                try (InputStream script = KeepalivedPair.class.getResourceAsStream("keepalived-notify.sh")) {
                    Files.copy(script, notify);
                }
                Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            List<Host> hosts = net.hosts();
            for (int side = 0; side < 2; side++) {
                Host self = hosts.get(side);
                Host peer = hosts.get(1 - side);
                Path dir = Files.createDirectories(workDir.resolve("keepalived-" + advertInt + "-" + self.namespace()));
                Files.writeString(dir.resolve("response"), "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n");
                Files.writeString(dir.resolve("keepalived.conf"), config(self, peer, side == 0 ? 150 : 100, routerId,
                        notify + " " + dir + " " + self.address() + " " + healthPort + " "));
                dirs.add(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the keepalived configuration under " + workDir, e);
        }
        // keepalived rounds or ignores an advert_int it does not accept, with a warning: say so rather than measure it.
        String check = Commands.attempt("", "keepalived", "--config-test", "-f",
                dirs.get(0).resolve("keepalived.conf").toString()).stderr();
        if (check.toLowerCase(java.util.Locale.ROOT).contains("advert")) {
            throw new IllegalStateException("keepalived does not take advert_int " + advertInt + " as written: " + check);
        }
    }

    /** {@code call}: the notify script with its arguments up to the state, which each notify line adds. */
    private String config(Host self, Host peer, int priority, int routerId, String call) {
        return """
                global_defs {
                  vrrp_version 3
                  script_user root
                }
                vrrp_instance pair {
                  state BACKUP
                  nopreempt
                  interface eth0
                  virtual_router_id %d
                  priority %d
                  advert_int %s
                  unicast_src_ip %s
                  unicast_peer {
                    %s
                  }
                  virtual_ipaddress {
                    %s/32
                  }
                  notify_master "%smaster"
                  notify_backup "%sbackup"
                  notify_fault "%sfault"
                  notify_stop "%sstop"
                }
                """.formatted(routerId, priority, advertInt, self.address(), peer.address(),
                // keepalived wants a virtual address; in a cloud nothing routes it, the balancer's probe decides.
                self.address().substring(0, self.address().lastIndexOf('.')) + ".100", call, call, call, call);
    }

    String advertInt() {
        return advertInt;
    }

    /** Starts keepalived in host {@code side}'s namespace (0 or 1); returns at once. */
    void start(int side) {
        Host host = net.hosts().get(side);
        Path dir = dirs.get(side);
        List<String> command = new ArrayList<>(host.exec());
        command.addAll(List.of("keepalived", "--dont-fork", "--log-console", "--log-detail", "--vrrp",
                "--use-file", dir.resolve("keepalived.conf").toString(),
                "--pid", dir.resolve("keepalived.pid").toString(), "--vrrp_pid", dir.resolve("vrrp.pid").toString()));
        try {
            // Not waited for: killAll and the namespaces' removal end it with the listener its script started.
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(dir.resolve("keepalived.log")
                    .toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start keepalived in " + host, e);
        }
    }

    /** kill -9 of keepalived and of the listener on host {@code side}: the whole HA stack of that host dies. */
    void kill(int side) {
        net.killAll(net.hosts().get(side));
        try {
            Files.deleteIfExists(dirs.get(side).resolve("listener.pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How often either host became MASTER so far, from the notify script's log. */
    long becameMaster() {
        long count = 0;
        for (Path dir : dirs) {
            Path states = dir.resolve("states");
            try {
                count += Files.exists(states) ? Files.readAllLines(states).stream().filter(l -> l.endsWith(" master")).count() : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }
}
