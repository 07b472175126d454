package dev.fdc.gpu;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which native libraries this process really runs on, read from {@code /proc/self/maps} (Linux),
 * and the checks behind {@link DjlRuntime}'s {@code fdc.libtorch.require}, {@code fdc.jni.require}
 * and {@code fdc.device}. DJL reports the libtorch version it was told ({@code PYTORCH_VERSION}),
 * not the one it loaded, loads any libtorch it finds in its cache when none is named, and falls
 * back to the CPU without a word when it cannot load {@code libcudart}: these checks turn each of
 * those into an error at engine start.
 *
 * <p>{@link #main} prints the report ({@code dev.fdc.gpu.NativeLibraries}, used by
 * scripts/gpu-check.sh and scripts/gpu-rehearse-cpu.sh) and exits with 1 when a check fails.
 */
public final class NativeLibraries {

    private NativeLibraries() {}

    /** The shared objects mapped into this process (real paths), in first-mapped order; empty off Linux. */
    public static List<Path> mapped() {
        Path maps = Paths.get("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return List.of();
        }
        Set<Path> out = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String file = line.substring(slash).trim();
                if (file.endsWith(" (deleted)")) {
                    continue;
                }
                String name = Paths.get(file).getFileName().toString();
                if (name.endsWith(".so") || name.contains(".so.")) {
                    out.add(Paths.get(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + maps, e);
        }
        return new ArrayList<>(out);
    }

    /** The mapped libraries whose file name contains {@code part} (e.g. {@code libtorch_cpu.so}). */
    public static List<Path> mapped(String part) {
        List<Path> out = new ArrayList<>();
        for (Path p : mapped()) {
            if (p.getFileName().toString().contains(part)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Applies {@code fdc.libtorch.require} and {@code fdc.jni.require}; call after the engine started. */
    static void verifyRequirements() {
        String lib = required("fdc.libtorch.require", "PYTORCH_LIBRARY_PATH");
        if (lib != null) {
            Path dir = Paths.get(lib);
            Path cpu = dir.resolve("libtorch_cpu.so");
            if (!Files.isRegularFile(cpu)) {
                throw new IllegalStateException(
                        "fdc.libtorch.require=" + lib + ": no libtorch_cpu.so there (is it a libtorch lib folder?)");
            }
            Path want = realPath(cpu);
            List<Path> got = mapped("libtorch_cpu.so");
            if (!got.contains(want)) {
                throw new IllegalStateException("fdc.libtorch.require=" + lib + ": this process runs on " + got
                        + ", not on " + want + " (DJL took its libtorch from " + LibUtils.getLibtorchPath()
                        + "; set PYTORCH_LIBRARY_PATH to " + lib + ")");
            }
            if (got.size() != 1) {
                throw new IllegalStateException("two libtorch_cpu libraries are mapped: " + got);
            }
        }
        String jni = required("fdc.jni.require", "FDC_JNI_LIBRARY");
        if (jni != null) {
            Path want = Paths.get(jni);
            if (!Files.isRegularFile(want)) {
                throw new IllegalStateException("fdc.jni.require=" + jni + ": no such file");
            }
            want = realPath(want);
            List<Path> got = mapped("libdjl_torch");
            if (!got.equals(List.of(want))) {
                throw new IllegalStateException("fdc.jni.require=" + jni + ": DJL's JNI library mapped is " + got
                        + ", not " + want + " (it looks for 0.33.0-libdjl_torch.so beside libtorch, then in "
                        + "ENGINE_CACHE_DIR/pytorch/<PYTORCH_VERSION>-<PYTORCH_FLAVOR>-linux-x86_64/)");
            }
        }
    }

    /**
     * Proves {@code device} usable: for a GPU, that DJL sees it (what {@code fdc.actors.local.device
     * = gpu} needs), that libtorch has CUDA, and that arithmetic on it returns the right values
     * from an array that reports itself on that GPU.
     */
    static void verifyDevice(Engine engine, Device device) {
        if (device.isGpu()) {
            if (!engine.hasCapability("CUDA")) {
                throw new IllegalStateException("fdc.device=" + device + ", but the libtorch at "
                        + LibUtils.getLibtorchPath() + " reports no CUDA (a CPU-only build, or its "
                        + "libtorch_cuda was not loaded: set PYTORCH_FLAVOR=cuXYZ)");
            }
            int count = CudaUtils.getGpuCount();
            if (count <= device.getDeviceId()) {
                throw new IllegalStateException("fdc.device=" + device + ", but DJL sees " + count + " GPU(s): DJL "
                        + "counts GPUs through libcudart loaded by JNA (put a folder with libcudart.so on "
                        + "-Djna.library.path)");
            }
        }
        try (NDManager m = engine.newBaseManager(device)) {
            NDArray a = m.create(new float[] {1f, 2f, 3f});
            NDArray b = a.mul(a).add(1f);
            float[] v = b.toFloatArray();
            if (!b.getDevice().equals(device) || !Arrays.equals(v, new float[] {2f, 5f, 10f})) {
                throw new IllegalStateException("fdc.device=" + device + ": a probe computed " + Arrays.toString(v)
                        + " on " + b.getDevice() + " (expected [2.0, 5.0, 10.0] on " + device + ")");
            }
        }
    }

    /** A readable report of the engine, its native libraries and its devices. */
    public static String report(Engine engine) {
        StringBuilder sb = new StringBuilder();
        line(sb, "djl", Engine.getDjlVersion() + ", engine " + engine.getEngineName() + " " + engine.getVersion());
        line(sb, "libtorch folder (DJL)", LibUtils.getLibtorchPath());
        line(sb, "libtorch_cpu mapped", mapped("libtorch_cpu.so"));
        line(sb, "libtorch_cuda mapped", mapped("libtorch_cuda.so"));
        line(sb, "jni mapped", mapped("libdjl_torch"));
        line(sb, "engine CUDA capability", engine.hasCapability("CUDA"));
        int gpus = CudaUtils.getGpuCount();
        line(sb, "gpus via libcudart", gpus + " (DJL's engine counts " + engine.getGpuCount() + ")");
        if (gpus > 0) {
            line(sb, "cuda runtime", CudaUtils.getCudaVersionString());
            line(sb, "libcudart mapped", mapped("libcudart"));
            for (int i = 0; i < gpus; i++) {
                MemoryUsage mem = CudaUtils.getGpuMemory(Device.gpu(i));
                line(
                        sb,
                        "gpu " + i,
                        String.format(
                                Locale.ROOT,
                                "compute capability %s, %.1f GiB",
                                CudaUtils.getComputeCapability(i),
                                mem.getMax() / (double) (1L << 30)));
            }
        }
        line(sb, "engine default device", engine.defaultDevice());
        line(sb, "fdc.device", System.getProperty("fdc.device", "(unset: the engine default)"));
        line(sb, "intra-op threads", DjlRuntime.intraOpThreads());
        return sb.toString();
    }

    /** Starts the engine with fdc's settings and checks, prints {@link #report}, exits 1 on a failed check. */
    public static void main(String[] args) {
        try {
            Engine e = DjlRuntime.engine();
            System.out.print(report(e));
            Device d = DjlRuntime.defaultDevice();
            verifyDevice(e, d == null ? e.defaultDevice() : d);
            System.out.println("engine check: ok (probe on " + (d == null ? e.defaultDevice() : d) + ")");
        } catch (RuntimeException | LinkageError ex) {
            System.out.println("engine check FAILED: " + ex);
            for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
                System.out.println("  caused by: " + c);
            }
            System.exit(1);
        }
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(String.format(Locale.ROOT, "%-24s %s%n", key + ":", value));
    }

    private static String required(String property, String envName) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.contains("${")) {
            throw new IllegalStateException(property + " is '" + v + "': set " + envName
                    + " in the environment (the system-libtorch profile requires it, docs/GPU.md)");
        }
        return v;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + p, e);
        }
    }
}
