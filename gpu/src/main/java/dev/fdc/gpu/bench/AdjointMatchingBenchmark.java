package dev.fdc.gpu.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.CpuFeatures;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.NativeKernels;
import dev.fdc.gpu.Precision;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Adjoint Matching throughput (docs/BENCHMARKS.md): the MLP 3→512→512→256→2 (ReLU, the fixtures'
 * architecture) at batch m on L steps, |S| = 2⌊L/4⌋ loss time points, with libtorch's intra-op
 * threads as configured ({@code fdc.intraop.threads}, default 1).
 *
 * <p>Measures the bare network (forward; forward and backward) and whole Adjoint Matching
 * iterations with their split into sampling, lean adjoint and loss, as medians and quartiles of
 * timed repetitions after warm-up. With {@link Options#comparePytorch} the same work runs in
 * PyTorch eager ({@link PyTorchProcess}) on the same weights, first checked to compute the same
 * numbers ({@link PyTorchCheck}), then timed in turns with fdc (each round alternates who goes
 * first) so machine noise hits both; the table gives both and the ratio PyTorch time / fdc time.
 */
public final class AdjointMatchingBenchmark {

    /** What to run. {@code python} null: find one ({@link PyTorchProcess#findPython}). */
    public record Options(
            int repetitions,
            int batch,
            int steps,
            boolean gpu,
            Precision precision,
            boolean comparePytorch,
            String python,
            boolean pytorchSameMalloc) {}

    static final int FORWARDS_PER_ROUND = 3;

    private AdjointMatchingBenchmark() {}

    /** Entry point for exec:java: [repetitions] [batch] [steps], fp32 on the CPU, no comparison. */
    public static void main(String[] args) throws IOException {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        System.exit(run(new Options(reps, batch, steps, false, Precision.FP32, false, null, false), System.out));
    }

    /** True when libtorch sees a GPU. */
    public static boolean gpuAvailable() {
        return DjlRuntime.engine().getGpuCount() > 0;
    }

    /**
     * Runs the benchmark, printing to {@code out}.
     *
     * @return 0, or 1 when the PyTorch twin does not compute fdc's numbers (no timing then)
     */
    public static int run(Options o, PrintStream out) throws IOException {
        Engine engine = DjlRuntime.engine();
        MlpSpec spec = new MlpSpec(3, new int[] {512, 512, 256}, 2, Activation.RELU);
        CpuFeatures cpu = CpuFeatures.current();
        int threads = DjlRuntime.intraOpThreads();
        out.printf(
                Locale.ROOT,
                "fdc Adjoint Matching benchmark, %s: MLP %s (%d parameters), batch %d, %d steps, |S| = %d, %s on %s,"
                        + " intra-op threads %d%n",
                LocalDate.now(),
                spec,
                spec.parameterCount(),
                o.batch(),
                o.steps(),
                2 * Math.max(1, o.steps() / 4),
                o.precision().label(),
                o.gpu() ? "GPU" : "CPU",
                threads);
        out.printf(
                Locale.ROOT,
                "machine: %s (%s), %d cores; %s; %s; %s %s, DJL %s, libtorch %s%n",
                cpu.modelName(),
                cpu.kernelFlags(),
                Runtime.getRuntime().availableProcessors(),
                NativeKernels.mklDispatch(),
                NativeKernels.mallocTuning(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                Engine.getDjlVersion(),
                engine.getVersion());
        out.printf(
                Locale.ROOT,
                "bf16: %s; fdc.precision=auto picks %s here%n",
                cpu.hasAmxBf16()
                        ? "AMX-BF16 present"
                        : cpu.hasAvx512Bf16() ? "AVX512-BF16 but no AMX" : "no bf16 instructions",
                Precision.automatic(cpu).label());
        Device device = o.gpu() ? Device.gpu() : Device.cpu();
        try (NDManager root = DjlRuntime.newManager("bench", device);
                FdcWorkload fdc = new FdcWorkload(spec, o.batch(), o.steps(), o.precision(), root)) {
            PyTorchProcess py = null;
            try {
                if (o.comparePytorch()) {
                    py = startTwin(o, fdc, threads, out);
                    if (py != null) {
                        List<PyTorchCheck.Item> check = PyTorchCheck.run(fdc, o.precision(), py, root);
                        boolean same = check.stream().allMatch(PyTorchCheck.Item::ok);
                        out.printf(
                                "same numbers (fdc vs PyTorch, same weights and noise):%n%s",
                                PyTorchCheck.format(check));
                        if (!same) {
                            out.println("the PyTorch twin does not compute fdc's numbers: no comparison timed");
                            return 1;
                        }
                    }
                }
                measure(o, fdc, py, out);
            } finally {
                if (py != null) {
                    py.close();
                }
            }
        }
        return 0;
    }

    private static PyTorchProcess startTwin(Options o, FdcWorkload fdc, int threads, PrintStream out)
            throws IOException {
        Optional<String> python = PyTorchProcess.findPython(o.python());
        if (python.isEmpty()) {
            out.println("PyTorch comparison skipped: "
                    + (o.python() != null
                            ? o.python() + " does not import torch and numpy"
                            : PyTorchProcess.howToInstall()));
            return null;
        }
        Path dir = java.nio.file.Files.createTempDirectory("fdc-bench-");
        Path base = dir.resolve("base.safetensors");
        Path fine = dir.resolve("fine.safetensors");
        MlpFiles.save(fdc.base.net(), base, "mlp", null);
        MlpFiles.save(fdc.base.net(), fine, "mlp", null); // the fine model starts as a copy of the base
        List<String> args = twinArgs(base, fine, fdc, threads, o.gpu(), o.precision());
        PyTorchProcess py;
        try {
            py = PyTorchProcess.start(python.get(), args, threads, o.pytorchSameMalloc());
        } catch (IOException e) {
            // e.g. a CPU-only torch asked for --device gpu: time fdc alone, saying why
            out.println("PyTorch comparison skipped: " + e.getMessage());
            return null;
        } finally {
            java.nio.file.Files.deleteIfExists(base);
            java.nio.file.Files.deleteIfExists(fine);
            java.nio.file.Files.deleteIfExists(dir);
        }
        out.println("PyTorch eager: " + python.get() + " " + py.info() + "; "
                + (o.pytorchSameMalloc() ? "with fdc's malloc tunables" : "glibc malloc defaults"));
        if (py.info().contains("reference (slow)")) {
            out.println("warning: this PyTorch uses the reference BLAS (libblas3), ~20× slower than OpenBLAS in fp32; "
                    + "install libopenblas0-openmp for a meaningful comparison");
        }
        return py;
    }

    /** The twin's flags for the workload's sizes, with the models in {@code base} and {@code fine}. */
    static List<String> twinArgs(Path base, Path fine, FdcWorkload fdc, int threads, boolean gpu, Precision p) {
        return new ArrayList<>(List.of(
                "--base", base.toString(),
                "--fine", fine.toString(),
                "--batch", String.valueOf(fdc.config.trajectories()),
                "--steps", String.valueOf(fdc.config.steps()),
                "--last", String.valueOf(fdc.config.lastTimes()),
                "--random", String.valueOf(fdc.config.randomTimes()),
                "--threads", String.valueOf(threads),
                "--device", gpu ? "gpu" : "cpu",
                "--dtype", p.label(),
                "--reward-direction", direction(),
                "--reward-scale", String.valueOf(FdcWorkload.REWARD_SCALE)));
    }

    private static String direction() {
        StringBuilder b = new StringBuilder();
        for (double w : FdcWorkload.REWARD_DIRECTION) {
            b.append(b.length() == 0 ? "" : ",").append(w);
        }
        return b.toString();
    }

    private static void measure(Options o, FdcWorkload fdc, PyTorchProcess py, PrintStream out) throws IOException {
        BenchTable.Timings mine = new BenchTable.Timings();
        BenchTable.Timings theirs = new BenchTable.Timings();
        // warm-up: JIT, allocator and kernel caches of both sides
        for (int i = 0; i < 20; i++) {
            fdc.forward(false);
            fdc.forward(true);
            call(py, "fwd");
            call(py, "fwdbwd");
        }
        for (int i = 0; i < 3; i++) {
            fdc.iteration();
            call(py, "iter");
        }
        for (int r = 0; r < o.repetitions(); r++) {
            boolean fdcFirst = r % 2 == 0;
            for (int k = 0; k < FORWARDS_PER_ROUND; k++) {
                turn(fdcFirst, () -> mine.forward(fdc.forward(false)), () -> theirs.forward(call(py, "fwd")));
                turn(
                        fdcFirst,
                        () -> mine.forwardBackward(fdc.forward(true)),
                        () -> theirs.forwardBackward(call(py, "fwdbwd")));
            }
            turn(fdcFirst, () -> mine.iteration(fdc.iteration()), () -> theirs.iteration(call(py, "iter")));
        }
        BenchTable.print(o, fdc.config, mine, py != null ? theirs : null, out);
    }

    private static double[] call(PyTorchProcess py, String cmd) {
        if (py == null) {
            return null;
        }
        try {
            return py.call(cmd);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void turn(boolean fdcFirst, Runnable fdc, Runnable py) {
        if (fdcFirst) {
            fdc.run();
            py.run();
        } else {
            py.run();
            fdc.run();
        }
    }
}
