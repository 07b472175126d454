package dev.fdc.cli.runtime;

import ai.djl.Device;
import com.typesafe.config.Config;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.protocol.v1.DeviceInfo;
import dev.fdc.protocol.v1.DeviceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Which device each local worker runs on ({@code fdc.actors.local.device}): {@code cpu}; {@code gpu}
 * (worker i on GPU i mod the GPU count: one worker per GPU when {@code --workers} equals the count;
 * an error when no GPU is visible, which needs the CUDA libtorch of the {@code cuda} Maven profile);
 * or {@code auto}, GPUs when the engine sees any, else the CPU.
 */
public final class Devices {

    private Devices() {}

    /** The devices of {@code workers} local workers under {@code config}'s {@code fdc.actors.local.device}. */
    public static List<DeviceInfo> plan(Config config, int workers) {
        String mode = config.hasPath("fdc.actors.local.device") ? config.getString("fdc.actors.local.device") : "auto";
        int gpus = "cpu".equals(mode) ? 0 : DjlRuntime.engine().getGpuCount();
        if (!mode.equals("cpu") && !mode.equals("gpu") && !mode.equals("auto")) {
            throw new IllegalArgumentException(
                    "fdc.actors.local.device: expected cpu, gpu or auto, got '" + mode + "'");
        }
        if (mode.equals("gpu") && gpus == 0) {
            throw new IllegalArgumentException("fdc.actors.local.device = gpu, but the engine sees no GPU "
                    + "(build with -Pcuda for the CUDA libtorch, or set PYTORCH_LIBRARY_PATH)");
        }
        List<DeviceInfo> out = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            out.add(gpus > 0 ? gpu(i % gpus) : cpu(i));
        }
        return out;
    }

    /** The DJL device of a worker's device description. */
    public static Device toDjl(DeviceInfo device) {
        return device.getKind() == DeviceKind.DEVICE_KIND_GPU ? Device.gpu(device.getIndex()) : Device.cpu();
    }

    /** The CPU, as worker {@code index}'s device. */
    public static DeviceInfo cpu(int index) {
        return DeviceInfo.newBuilder()
                .setKind(DeviceKind.DEVICE_KIND_CPU)
                .setIndex(index)
                .setName("cpu")
                .build();
    }

    /** GPU {@code index}. */
    public static DeviceInfo gpu(int index) {
        return DeviceInfo.newBuilder()
                .setKind(DeviceKind.DEVICE_KIND_GPU)
                .setIndex(index)
                .setName("gpu" + index)
                .build();
    }
}
