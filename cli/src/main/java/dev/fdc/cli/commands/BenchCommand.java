package dev.fdc.cli.commands;

import dev.fdc.gpu.bench.AdjointMatchingBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fdc bench}: the Adjoint Matching benchmark of docs/BENCHMARKS.md (the MLP
 * 3→512→512→256→2 at batch 512 on 40 steps, one intra-op thread), printed to stdout.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure Adjoint Matching throughput (docs/BENCHMARKS.md).")
public final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--repetitions",
            defaultValue = "10",
            description = "Timed repetitions per measurement (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(
            names = "--batch",
            defaultValue = "512",
            description = "Trajectories per iteration (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "40", description = "Time-grid steps L (default: ${DEFAULT-VALUE}).")
    int steps;

    @Override
    public Integer call() {
        Flags.atLeast("--repetitions", repetitions, 1);
        Flags.atLeast("--batch", batch, 1);
        Flags.atLeast("--steps", steps, 4);
        AdjointMatchingBenchmark.main(
                new String[] {String.valueOf(repetitions), String.valueOf(batch), String.valueOf(steps)});
        return 0;
    }
}
