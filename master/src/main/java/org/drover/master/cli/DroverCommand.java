package org.drover.master.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.drover.master.Master;
import org.drover.master.config.ConfigException;
import org.drover.master.config.ConfigLoader;
import org.drover.master.config.LoadedConfig;
import org.drover.master.config.Option;
import org.drover.master.config.ServerConfig;
import org.drover.master.config.Setting;
import org.drover.master.supervise.Operation;
import org.drover.wire.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The {@code drover} command: turns the command line into settings, loads the configuration and
 * hands it to the master, or reports the first configuration error with exit code 2.
 *
 * <p>One instance serves one {@code execute}: the settings it records are not reset between runs.
 */
@Command(
        name = "drover",
        mixinStandardHelpOptions = true,
        versionProvider = DroverCommand.Version.class,
        modelTransformer = DroverCommand.TableOptions.class,
        subcommands = {SignalCommand.Reload.class, SignalCommand.Stop.class, TopCommand.class, CtlCommand.class},
        description = "Serve Java applications the uWSGI way: a master process supervises worker JVMs.",
        footer = {
            "",
            "Every option can also be set as NAME = VALUE in the [drover] section of an",
            "ini file (--ini), or in the environment as DROVER_NAME (upper case, dashes",
            "as underscores). Later sources win: the ini file, then the environment,",
            "then the command line."
        })
public final class DroverCommand implements Callable<Integer> {

    private final Function<ServerConfig, Integer> serve;
    private final Map<String, String> environment;
    private final List<Setting> settings = new ArrayList<>();

    @Unmatched
    private List<String> unmatched = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    /** The real command: serves with a {@link Master} and reads the process environment. */
    public DroverCommand() {
        this(config -> new Master(config, System.out, System.err).run(), System.getenv());
    }

    /**
     * A command with its own serve action and environment, for tests.
     *
     * @param serve runs the server with the loaded configuration and returns the exit code
     * @param environment read for {@code DROVER_*} variables
     */
    public DroverCommand(Function<ServerConfig, Integer> serve, Map<String, String> environment) {
        this.serve = serve;
        this.environment = Map.copyOf(environment);
    }

    /** Runs drover with these arguments and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DroverCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedConfig loaded;
        try {
            rejectUnmatched();
            loaded = ConfigLoader.load(settings, environment);
        } catch (ConfigException e) {
            err.println("drover: " + e.getMessage());
            err.flush();
            return ExitCodes.CONFIG;
        } finally {
            settings.clear();
            unmatched.clear();
        }
        loaded.notices().forEach(out::println);
        out.flush();
        return serve.apply(loaded.config());
    }

    private void rejectUnmatched() {
        if (unmatched.isEmpty()) {
            return;
        }
        String first = unmatched.get(0);
        if (first.startsWith("-") && first.length() > 1) {
            String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            throw new ConfigException("unknown option '" + name + "' (on the command line)");
        }
        String hint = first.endsWith(".jar") ? "; did you mean --app " + first + "?" : "";
        throw new ConfigException("unexpected argument '" + first + "' (on the command line)" + hint);
    }

    /** Adds one picocli option per row of the {@link Option} table, each recording its values as settings. */
    static final class TableOptions implements CommandLine.IModelTransformer {

        @Override
        public CommandSpec transform(CommandSpec spec) {
            DroverCommand command = (DroverCommand) spec.userObject();
            for (Option option : Option.values()) {
                spec.addOption(optionSpec(option, command.settings));
            }
            spec.parser().overwrittenOptionsAllowed(true).unmatchedOptionsArePositionalParams(true);
            spec.usageMessage().sortOptions(false).abbreviateSynopsis(true);
            spec.exitCodeOnInvalidInput(ExitCodes.CONFIG);
            CommandSpec ctl = spec.subcommands().get("ctl").getCommandSpec();
            ctl.usageMessage().footer("Commands: " + Operation.describeAll() + ".");
            if (spec.commandLine() != null) {
                spec.commandLine().setParameterExceptionHandler(TableOptions::reportParseError);
            }
            return spec;
        }

        private static OptionSpec optionSpec(Option option, List<Setting> settings) {
            OptionSpec.Builder builder = OptionSpec.builder(option.names().toArray(String[]::new))
                    .type(String.class)
                    .paramLabel(option.label())
                    .description(option.description().replace("%", "%%") + " Default: " + option.defaultText() + ".")
                    .hasInitialValue(false)
                    .setter(new CommandLine.Model.ISetter() {
                        @Override
                        public <T> T set(T value) {
                            if (value != null) {
                                settings.add(Setting.onCommandLine(option, (String) value));
                            }
                            return null;
                        }
                    });
            if (option.flag()) {
                builder.arity("0..1").fallbackValue("true");
            } else {
                builder.arity("1");
            }
            return builder.build();
        }

        private static int reportParseError(CommandLine.ParameterException e, String[] args) {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("drover: " + e.getMessage() + " (on the command line; see drover --help)");
            err.flush();
            return ExitCodes.CONFIG;
        }
    }

    /** The version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = DroverCommand.class.getPackage().getImplementationVersion();
            return new String[] {"drover " + (version == null ? "(development build)" : version)};
        }
    }
}
