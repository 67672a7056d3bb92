package io.hapair.node.cli;

import io.hapair.node.demo.DemoNode;
import io.hapair.node.demo.DemoPair;
import io.hapair.node.role.PreferredServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hanode demo}: a local pair behind an embedded ILB simulator, with a small console. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a local demo pair behind an ILB simulator.",
                "A master on 127.0.0.1 and a slave on 127.0.0.2, each a real node process, behind an ILB",
                "simulator on 127.0.0.10 (probe 8444 every second from 127.0.0.16; rule 8444; NAT 8441 ->",
                "node 1:8443, 8442 -> node 2:8443). Ctrl-C stops everything."})
final class DemoCommand implements Callable<Integer> {

    // The simulator's stand-in for Azure's probe address 168.63.129.16; the nodes count only its probes.
    private static final String DEMO_PROBE_SOURCE = "127.0.0.16";

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder for the nodes' data and logs (default: a new temp folder)")
    Path dir;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password of user bal (default: generated)")
    String password;

    @Option(names = "--switch-to-preferred", paramLabel = "POLICY", defaultValue = "prefer-master",
            description = "prefer-master or none (default: ${DEFAULT-VALUE})")
    String preferred;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PreferredServer policy;
        try {
            policy = PreferredServer.fromKey(preferred);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("hanode demo: --switch-to-preferred '" + preferred
                    + "' is not valid; use prefer-master or none");
            return HaNodeCommand.EXIT_BAD_INPUT;
        }
        Path jar = Path.of(HaNodeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(jar)) {
            spec.commandLine().getErr().println("hanode demo: run it from the packaged jar (./hanode demo)");
            return HaNodeCommand.EXIT_BAD_INPUT;
        }
        // The demo prints the simulator's transitions itself; its log lines would say everything twice.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.hapair.node.demo"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path folder = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("hanode-demo-");
        String pw = password != null ? password : random(12);
        DemoPair pair = new DemoPair(new DemoPair.Settings(folder, jar, pw, random(24), policy,
                "127.0.0.1", "127.0.0.2", "127.0.0.10", DEMO_PROBE_SOURCE), line -> {
                    out.println(line);
                    out.flush();
                });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("demo: stopping both nodes and the ILB simulator ...");
            out.flush();
            try {
                pair.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "demo-stop"));
        pair.start();
        banner(out, folder, pw, pair);
        console(pair, out);
        stopped.await();
        return 0;
    }

    private static void banner(PrintWriter out, Path folder, String pw, DemoPair pair) {
        out.println();
        out.println("ha-pair demo (" + folder + ")");
        out.println("  node-1 master  pid " + pair.node(1).pid() + "  log " + pair.node(1).log());
        out.println("  node-2 slave   pid " + pair.node(2).pid() + "  log " + pair.node(2).log());
        out.println("  user bal, password: " + pw);
        out.println();
        out.println("Open:");
        out.println("  http://127.0.0.10:8444/            the ILB rule on 8444: says which node is active");
        out.println("  curl http://127.0.0.10:" + DemoPair.SERVICE_PORT + "/       virtual service web: the ILB rule on "
                + DemoPair.SERVICE_PORT + " -> the active node's HAProxy -> real server "
                + String.join(" or ", DemoPair.REAL_SERVER_ADDRESSES) + "; after kill 1 it answers through node-2");
        out.println("  https://127.0.0.10:8441/api/v1/ha/status   node 1's API through its NAT rule (self-signed)");
        out.println("  https://127.0.0.10:8442/api/v1/ha/status   node 2's API through its NAT rule");
        out.println("  e.g. curl -k -u bal:" + pw + " https://127.0.0.10:8441/api/v1/ha/status");
        out.println("  https://127.0.0.1:8443/ and https://127.0.0.2:8443/   the web UI of node 1 and node 2");
        out.println("  GEO DNS of each node on port " + DemoPair.DNS_PORT + ", e.g. dig @127.0.0.1 -p "
                + DemoPair.DNS_PORT + " www.example.com (after adding a GEO FQDN)");
        out.println();
        out.println("Try (type here): kill 1 | stop 1 | start 1 | switchover | status | help | quit");
        out.println("  or from another shell: kill -9 " + pair.node(1).pid() + "   (the master dies; the slave takes over)");
        out.println();
        out.flush();
    }

    /** Reads commands from standard input until quit or end of input; Ctrl-C works at any time. */
    private static void console(DemoPair pair, PrintWriter out) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            if (words[0].isEmpty()) {
                continue;
            }
            if (words[0].equals("quit") || words[0].equals("exit")) {
                System.exit(0);
            }
            out.println(run(pair, words));
            out.flush();
        }
    }

    private static String run(DemoPair pair, String[] words) throws Exception {
        switch (words[0]) {
            case "status":
                return String.join("\n", pair.status()) + "\nILB up: " + pair.ilb().upBackends();
            case "switchover":
                return pair.switchover();
            case "kill":
            case "stop":
            case "start":
                DemoNode node = words.length == 2 && (words[1].equals("1") || words[1].equals("2"))
                        ? pair.node(Integer.parseInt(words[1])) : null;
                if (node == null) {
                    return "say which node: " + words[0] + " 1 or " + words[0] + " 2";
                }
                if (words[0].equals("kill")) {
                    node.kill();
                    return node.name() + " killed (kill -9)";
                }
                if (words[0].equals("stop")) {
                    node.stop();
                    return node.name() + " stopping (SIGTERM: hands over first if active)";
                }
                node.start();
                return node.name() + " starting, pid " + node.pid();
            default:
                return "commands: kill 1|2 (crash), stop 1|2 (planned stop), start 1|2, switchover, status, quit";
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
