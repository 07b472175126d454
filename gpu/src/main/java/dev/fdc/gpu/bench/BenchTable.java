package dev.fdc.gpu.bench;

import dev.fdc.gpu.adjoint.AdjointMatchingConfig;
import java.io.PrintStream;
import java.util.Locale;

/** The benchmark's timings per side and the table that prints them side by side. */
final class BenchTable {

    /** One side's timings in milliseconds, in the order they were taken (pairs with the other side's). */
    static final class Timings {
        final Samples forward = new Samples();
        final Samples forwardCpu = new Samples();
        final Samples forwardBackward = new Samples();
        final Samples forwardBackwardCpu = new Samples();
        final Samples iteration = new Samples();
        final Samples iterationCpu = new Samples();
        final Samples sampling = new Samples();
        final Samples adjoint = new Samples();
        final Samples loss = new Samples();

        /** {wall, cpu} of a forward; null (no such side) is ignored. */
        void forward(double[] t) {
            if (t != null) {
                forward.add(t[0]);
                forwardCpu.add(t[1]);
            }
        }

        /** {wall, cpu} of a forward and backward. */
        void forwardBackward(double[] t) {
            if (t != null) {
                forwardBackward.add(t[0]);
                forwardBackwardCpu.add(t[1]);
            }
        }

        /** {wall, cpu, sampling, adjoint, loss} of an iteration. */
        void iteration(double[] t) {
            if (t != null) {
                iteration.add(t[0]);
                iterationCpu.add(t[1]);
                sampling.add(t[2]);
                adjoint.add(t[3]);
                loss.add(t[4]);
            }
        }
    }

    private BenchTable() {}

    /** Prints fdc's timings, and PyTorch's with the ratios when {@code theirs} is not null. */
    static void print(
            AdjointMatchingBenchmark.Options o,
            AdjointMatchingConfig config,
            Timings mine,
            Timings theirs,
            PrintStream out) {
        int subset = config.lastTimes() + config.randomTimes();
        String[] names = {
            "MLP forward, batch " + o.batch(),
            "MLP forward + backward",
            "memoryless sampling, " + o.steps() + " steps",
            "lean adjoint, " + o.steps() + " steps",
            "loss over " + subset + " × " + o.batch() + " rows",
            "one AM iteration",
            "one AM iteration, thread CPU time",
        };
        Samples[] a = rows(mine);
        out.printf(
                Locale.ROOT,
                "medians [quartiles] of %d rounds (forwards: %d per round)%s%n",
                o.repetitions(),
                AdjointMatchingBenchmark.FORWARDS_PER_ROUND,
                theirs == null ? "" : ", fdc and PyTorch in turns");
        if (theirs == null) {
            out.printf(Locale.ROOT, "%-42s %24s%n", "phase", "fdc ms");
            for (int i = 0; i < names.length; i++) {
                out.printf(Locale.ROOT, "%-42s %24s%n", names[i], a[i].summary());
            }
        } else {
            Samples[] b = rows(theirs);
            out.printf(
                    Locale.ROOT,
                    "%-42s %24s %24s %10s %18s%n",
                    "phase",
                    "PyTorch eager ms",
                    "fdc ms",
                    "PT / fdc",
                    "paired [quartiles]");
            for (int i = 0; i < names.length; i++) {
                Samples paired = Samples.ratios(b[i], a[i]);
                out.printf(
                        Locale.ROOT,
                        "%-42s %24s %24s %9.2f× %18s%n",
                        names[i],
                        b[i].summary(),
                        a[i].summary(),
                        b[i].median() / a[i].median(),
                        String.format(Locale.ROOT, "[%.2f, %.2f]", paired.quantile(0.25), paired.quantile(0.75)));
            }
            out.printf(
                    Locale.ROOT,
                    "PT / fdc is PyTorch's time over fdc's, i.e. fdc's throughput in units of PyTorch eager's (> 1: fdc"
                            + " faster)%n");
            out.printf(
                    Locale.ROOT,
                    "phases: fdc's sampler keeps v_θ's graph at the %d loss time points, so its sampling includes the"
                            + " forwards the loss differentiates and its loss is a backward pass; PyTorch's loss is a"
                            + " batched forward + backward over the same rows%n",
                    subset);
        }
        out.printf(
                Locale.ROOT,
                "throughput: fdc %.0f trajectory-steps/s%s%n",
                throughput(o, mine),
                theirs == null ? "" : String.format(Locale.ROOT, ", PyTorch eager %.0f", throughput(o, theirs)));
    }

    private static Samples[] rows(Timings t) {
        return new Samples[] {t.forward, t.forwardBackward, t.sampling, t.adjoint, t.loss, t.iteration, t.iterationCpu};
    }

    private static double throughput(AdjointMatchingBenchmark.Options o, Timings t) {
        return o.batch() * (double) o.steps() / (t.iteration.median() / 1e3);
    }
}
