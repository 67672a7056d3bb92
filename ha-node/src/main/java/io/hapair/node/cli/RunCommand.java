package io.hapair.node.cli;

import io.hapair.node.config.ConfigException;
import io.hapair.node.config.ConfigKey;
import io.hapair.node.config.ConfigLoader;
import io.hapair.node.config.NodeConfig;
import io.hapair.node.naming.NamingHost;
import io.hapair.node.runtime.DataDirectory;
import io.hapair.node.runtime.HaParamsStore;
import io.hapair.node.runtime.NodeProcess;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hanode run}: one node, configured from a YAML file, HANODE_* variables and flags. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one node, configured from a YAML file, HANODE_* variables and flags.",
                "Each key can be set in the YAML file, as an environment variable HANODE_<KEY> or as a flag;",
                "flags win over the environment, which wins over HA parameters saved through the API,",
                "which win over the file. Flags for secrets are for tests only (ps shows them): use",
                "pairing-secret-file and admin-password-file."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            String value = spec.findOption(key.flag()).getValue();
            if (value != null) {
                flags.put(key, value);
            }
        }
        NodeConfig config;
        try {
            // HA parameters saved through the API live in the data directory, so find that first.
            Path dataDir = Path.of(ConfigLoader.peek(ConfigKey.DATA_DIR, configFile, System.getenv(), flags));
            Map<ConfigKey, String> saved;
            try {
                saved = new HaParamsStore(dataDir).load();
            } catch (java.io.IOException e) {
                throw new ConfigException("cannot read the saved HA parameters in " + dataDir + "/ha-params.json: "
                        + e.getMessage() + "; fix the file or delete it to use the configured values");
            }
            config = ConfigLoader.load(configFile, saved, System.getenv(), flags, hostName());
            // Before anything writes there: the store, the certificate and the HA parameters hold secrets.
            DataDirectory.prepare(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("hanode: " + e.getMessage());
            return HaNodeCommand.EXIT_BAD_INPUT;
        }
        try {
            NodeProcess.run(config, SoftwareVersion.get());
        } catch (Exception e) {
            spec.commandLine().getErr().println("hanode: cannot start: " + rootMessage(e));
            return 1;
        }
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() != null && !t.getMessage().contains("; check")) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * The default node name: the kernel's host name, read rather than looked up (InetAddress.getLocalHost() resolves
     * it, and a name that neither /etc/hosts nor DNS knows, as after the node renamed its host, held every start up
     * for the resolver's timeout).
     */
    private static String hostName() {
        try {
            String name = NamingHost.hostname();
            return name.isEmpty() ? "hanode" : name;
        } catch (java.io.IOException e) {
            return "hanode";
        }
    }
}
