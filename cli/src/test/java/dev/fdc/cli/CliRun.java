package dev.fdc.cli;

import dev.fdc.cli.train.TrainingBackend;
import dev.fdc.cli.train.TrainingBackends;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import picocli.CommandLine;

/** One in-process run of {@code fdc} with stdout and stderr captured. */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code fdc args} with this build's backend. */
    public static CliRun of(String... args) {
        return with(TrainingBackends::create, args);
    }

    /** Runs {@code fdc args} with train and resume on {@code backends}' backend. */
    public static CliRun with(Supplier<TrainingBackend> backends, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Fdc.commandLine(backends);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
