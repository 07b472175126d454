package dev.fdc.cli.commands;

import dev.fdc.cli.BadInputException;
import dev.fdc.gpu.Precision;
import dev.fdc.gpu.bench.AdjointMatchingBenchmark;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fdc bench}: the Adjoint Matching benchmark of docs/BENCHMARKS.md (the MLP
 * 3→512→512→256→2 at batch 512 on 40 steps, one intra-op thread), printed to stdout; with
 * {@code --compare-pytorch} side by side with the same work in PyTorch eager.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure Adjoint Matching throughput, optionally against PyTorch eager (docs/BENCHMARKS.md).")
public final class BenchCommand implements Callable<Integer> {

    /** Where the benchmark runs. */
    enum Where {
        cpu,
        gpu
    }

    /** The networks' compute precision in sampling and the loss. */
    enum Dtype {
        fp32,
        bf16
    }

    @Option(
            names = "--repetitions",
            defaultValue = "10",
            description =
                    "Timed rounds (each: 3 forwards, 3 forward+backwards, 1 iteration; default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(
            names = "--batch",
            defaultValue = "512",
            description = "Trajectories per iteration (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "40", description = "Time-grid steps L (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            description = "cpu or gpu (the first GPU libtorch sees; default: ${DEFAULT-VALUE}).")
    Where device;

    @Option(
            names = "--dtype",
            defaultValue = "fp32",
            description = "fp32, or bf16: the fine model's network in bfloat16 in sampling and the loss (fp32 master"
                    + " weights, the adjoint in fp32; default: ${DEFAULT-VALUE}).")
    Dtype dtype;

    @Option(
            names = "--compare-pytorch",
            description = "Also run the same work in PyTorch eager (a python3 that imports torch and numpy) in turns"
                    + " with fdc, after checking it computes the same numbers; skipped with a message without one.")
    boolean comparePytorch;

    @Option(
            names = "--python",
            paramLabel = "PYTHON",
            description = "The Python interpreter for --compare-pytorch (default: $FDC_PYTHON, /usr/bin/python3,"
                    + " python3, the first that imports torch).")
    String python;

    @Option(
            names = "--pytorch-same-malloc",
            description = "Give PyTorch the GLIBC_TUNABLES ./fdc sets for itself (default: PyTorch runs with"
                    + " glibc's defaults, as its users run it).")
    boolean pytorchSameMalloc;

    @Override
    public Integer call() throws IOException {
        Flags.atLeast("--repetitions", repetitions, 1);
        Flags.atLeast("--batch", batch, 1);
        Flags.atLeast("--steps", steps, 4);
        boolean gpu = device == Where.gpu;
        if (gpu && !AdjointMatchingBenchmark.gpuAvailable()) {
            throw new BadInputException("--device", "gpu, but libtorch sees no GPU (is this the CUDA build, -Pcuda?)");
        }
        Precision precision = dtype == Dtype.bf16 ? Precision.BF16 : Precision.FP32;
        return AdjointMatchingBenchmark.run(
                new AdjointMatchingBenchmark.Options(
                        repetitions, batch, steps, gpu, precision, comparePytorch, python, pytorchSameMalloc),
                System.out);
    }
}
