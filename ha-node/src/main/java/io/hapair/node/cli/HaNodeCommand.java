package io.hapair.node.cli;

import io.hapair.node.config.ConfigKey;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code hanode}: the node's command line. */
@Command(name = "hanode", mixinStandardHelpOptions = true, versionProvider = HaNodeCommand.Version.class,
        description = "High-availability controller for a load-balancer pair behind a cloud load balancer.")
public final class HaNodeCommand {

    /**
     * In the order the usage lists them. Picocli reflects over a subcommand's options and their types when
     * it is added (about 60 ms for all of them, at every start of a node): a command line that names its
     * subcommand first gets only that one.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, DemoCommand.class,
            StatusCommand.class, SwitchoverCommand.class, MaintenanceCommand.class, CloudCommand.class, GeoCommand.class);

    /** Exit code for invalid configuration or arguments: nothing was started. */
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        JvmDefaults.apply(System.getProperties());
        System.exit(commandLine(args).execute(args));
    }

    /** Every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /** Only the subcommand {@code args} names first; every one when it names none (its usage lists them). */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new HaNodeCommand());
        List<Class<?>> named = SUBCOMMANDS.stream()
                .filter(c -> args.length > 0 && c.getAnnotation(Command.class).name().equals(args[0])).toList();
        (named.isEmpty() ? SUBCOMMANDS : named).forEach(cl::addSubcommand);
        if (cl.getSubcommands().containsKey("run")) {
            addConfigOptions(cl.getSubcommands().get("run").getCommandSpec());
        }
        // Set after the subcommands are added: picocli hands it to those it has at this moment.
        cl.setParameterExceptionHandler((ex, unparsed) -> {
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
