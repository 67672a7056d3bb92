package io.hapair.node.cli;

import io.hapair.node.config.ConfigKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code hanode}: the node's command line. */
@Command(name = "hanode", mixinStandardHelpOptions = true, versionProvider = HaNodeCommand.Version.class,
        description = "High-availability controller for a load-balancer pair behind a cloud load balancer.",
        subcommands = {RunCommand.class, DemoCommand.class, StatusCommand.class, SwitchoverCommand.class,
                CloudCommand.class, GeoCommand.class})
public final class HaNodeCommand {

    /** Exit code for invalid configuration or arguments: nothing was started. */
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        JvmDefaults.apply(System.getProperties());
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HaNodeCommand());
        addConfigOptions(cl.getSubcommands().get("run").getCommandSpec());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println(ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    /** One flag per configuration key, from the single list of keys. */
    static void addConfigOptions(CommandSpec spec) {
        for (ConfigKey key : ConfigKey.values()) {
            String def = key.defaultValue().map(d -> " (default: " + d + ")").orElse("");
            spec.addOption(OptionSpec.builder(key.flag()).paramLabel(key.label()).type(String.class)
                    .description(key.description() + def + "; env " + key.envVar()).build());
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hanode " + SoftwareVersion.get()};
        }
    }
}
