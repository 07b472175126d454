package dev.fdc.gpu;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The one place where fdc configures DJL: offline mode (libtorch comes from the
 * {@code pytorch-native-*} jar, never from the network) and libtorch's thread pools, which
 * libtorch reads once, at engine start. Tests, workers and the launcher all go through
 * {@link #engine()}, so every entry point runs with the same settings.
 *
 * <p>Settings, read from system properties (a value already set wins):
 *
 * <ul>
 *   <li>{@code fdc.intraop.threads} (default 1): intra-op threads per JVM; with several workers in
 *       one JVM keep 1. With more, set {@code OMP_WAIT_POLICY=PASSIVE} in the environment (the
 *       {@code ./fdc} launcher and the Surefire configuration do), else libgomp spin-waits.
 *   <li>{@code fdc.interop.threads} (default 1): inter-op threads.
 *   <li>{@code fdc.precision} (default fp32): see {@link #precision()}.
 *   <li>{@code fdc.device} ({@code cpu}, {@code gpu} or {@code gpu:N}; unset: DJL's default, a GPU
 *       when DJL sees one): the device of every manager made without an explicit device, so the
 *       engine tests and {@code fdc bench} run on a GPU with {@code -Dfdc.device=gpu}. A GPU that
 *       is asked for must really be there: the engine refuses to start otherwise (DJL itself
 *       quietly falls back to the CPU when it cannot load {@code libcudart}).
 *   <li>{@code fdc.libtorch.require} (a folder) and {@code fdc.jni.require} (a file): the engine
 *       refuses to start unless the libtorch this process mapped comes from that folder and DJL's
 *       JNI library is that file ({@link NativeLibraries}); for a libtorch already on the machine
 *       (the {@code system-libtorch} Maven profile, docs/GPU.md), where DJL would otherwise use
 *       whatever libtorch it finds in its cache.
 * </ul>
 */
public final class DjlRuntime {

    /** The DJL engine fdc runs on. */
    public static final String ENGINE = "PyTorch";

    private static volatile Engine engine;

    private DjlRuntime() {}

    /** Applies fdc's DJL settings (idempotent) and returns the started PyTorch engine. */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (DjlRuntime.class) {
                if (engine == null) {
                    configureProperties();
                    Engine started = Engine.getEngine(ENGINE);
                    NativeLibraries.verifyRequirements();
                    Device wanted = defaultDevice();
                    if (wanted != null) {
                        NativeLibraries.verifyDevice(started, wanted);
                    }
                    engine = started;
                }
                e = engine;
            }
        }
        return e;
    }

    /** A new root manager on {@link #defaultDevice()} (the engine's default when unset); the caller closes it. */
    public static NDManager newManager(String name) {
        return newManager(name, null);
    }

    /**
     * A new root manager on {@code device} (when null: {@link #defaultDevice()}, or else the
     * engine's default device): a worker's arrays, and so all its tensor work, live on its own
     * device.
     */
    public static NDManager newManager(String name, Device device) {
        Engine e = engine();
        Device d = device != null ? device : defaultDevice();
        NDManager m = d == null ? e.newBaseManager() : e.newBaseManager(d);
        m.setName(name);
        return m;
    }

    /**
     * The precision of the networks in Adjoint Matching's sampling and loss: system property
     * {@code fdc.precision} = {@code fp32} (the default: the same numbers, up to float rounding, on
     * every machine), {@code bf16}, or {@code auto} (bf16 where the CPU has AMX-BF16, else fp32;
     * {@link Precision#automatic}).
     *
     * @throws IllegalArgumentException for another value, naming the property
     */
    public static Precision precision() {
        String v = System.getProperty("fdc.precision", "fp32");
        try {
            return Precision.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property fdc.precision: " + e.getMessage(), e);
        }
    }

    /**
     * The device named by {@code fdc.device}, or null when it is unset (DJL's default applies).
     *
     * @throws IllegalArgumentException for a value other than {@code cpu}, {@code gpu}, {@code gpu:N}
     */
    public static Device defaultDevice() {
        return parseDevice(System.getProperty("fdc.device"));
    }

    /** {@code cpu}, {@code gpu} (GPU 0) or {@code gpu:N}; null or blank gives null. */
    static Device parseDevice(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.equals("cpu")) {
            return Device.cpu();
        }
        if (v.equals("gpu")) {
            return Device.gpu(0);
        }
        if (v.startsWith("gpu:")) {
            try {
                int index = Integer.parseInt(v.substring(4));
                if (index >= 0) {
                    return Device.gpu(index);
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("fdc.device: expected cpu, gpu or gpu:N (N >= 0), got '" + value + "'");
    }

    /** Intra-op threads libtorch was (or will be) started with. */
    public static int intraOpThreads() {
        return Integer.getInteger("fdc.intraop.threads", 1);
    }

    private static void configureProperties() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.default_engine", ENGINE);
        setIfAbsent("ai.djl.pytorch.num_threads", String.valueOf(intraOpThreads()));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", String.valueOf(Integer.getInteger("fdc.interop.threads", 1)));
        // DJL's own graph executor options are irrelevant to eager use; keep JIT fusion off so
        // TorchScript models run the same ops as eager ones (reproducibility across machines).
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
