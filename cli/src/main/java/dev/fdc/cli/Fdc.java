package dev.fdc.cli;

import com.typesafe.config.ConfigException;
import dev.fdc.cli.commands.BenchCommand;
import dev.fdc.cli.commands.PretrainCommand;
import dev.fdc.cli.commands.ResumeCommand;
import dev.fdc.cli.commands.SampleCommand;
import dev.fdc.cli.commands.TrainCommand;
import dev.fdc.cli.commands.WorkerNodeCommand;
import dev.fdc.cli.train.TrainingBackend;
import dev.fdc.cli.train.TrainingBackends;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fdc} command line. Exit codes: 0 success, 1 a failure inside a run, 2 bad input (an
 * unknown flag, a bad value, a bad config key, a missing file), each with one message on stderr
 * that names the flag, key or file and says what was expected.
 */
@Command(
        name = "fdc",
        mixinStandardHelpOptions = true,
        versionProvider = Fdc.Version.class,
        description =
                "Flow Density Control: fine-tune flow and diffusion models for general utilities of their distribution.",
        subcommands = {
            PretrainCommand.class,
            SampleCommand.class,
            TrainCommand.class,
            ResumeCommand.class,
            WorkerNodeCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Fdc implements Runnable {

    /** Exit code of a failure inside a run. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of bad input: flags, config keys, files. */
    public static final int EXIT_BAD_INPUT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Fdc.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs {@code fdc} and exits with its code. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args));
    }

    /** Runs {@code fdc} with the given arguments and returns the exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line (stdout/stderr can be redirected with setOut/setErr). */
    public static CommandLine commandLine() {
        return commandLine(TrainingBackends::create);
    }

    /** The command line with {@code train} and {@code resume} running on {@code backends}' backend. */
    public static CommandLine commandLine(Supplier<TrainingBackend> backends) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == TrainCommand.class) {
                    return (K) new TrainCommand(backends);
                }
                if (cls == ResumeCommand.class) {
                    return (K) new ResumeCommand(backends);
                }
                return defaults.create(cls);
            }
        };
        CommandLine cl = new CommandLine(new Fdc(), factory);
        cl.setExecutionExceptionHandler(Fdc::handle);
        cl.setParameterExceptionHandler(Fdc::handleParameter);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: pretrain, sample, train, resume, worker or bench");
    }

    private static int handleParameter(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("fdc: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int code;
        if (e instanceof BadInputException || e instanceof ConfigException) {
            err.println("fdc: " + e.getMessage());
            code = EXIT_BAD_INPUT;
        } else {
            LOG.debug("failure", e);
            err.println("fdc: " + cl.getCommandName() + " failed: " + describe(e));
            code = EXIT_FAILURE;
        }
        err.flush();
        return code;
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(
                e.getMessage() != null ? e.getMessage() : e.getClass().getName()));
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
                b.append(" (caused by ").append(c.getMessage()).append(')');
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return b.toString();
    }

    /** {@code fdc --version}: the Maven project version written into {@code fdc-version.properties}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Fdc.class.getResourceAsStream("/fdc-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {
                "fdc " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
