package dev.fdc.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks that keep DJL from running on another libtorch, JNI or device than the one asked
 * for (docs/GPU.md): what this process really mapped, and the errors for each unmet requirement.
 */
class NativeLibrariesTest {

    @Test
    void theMappedLibtorchIsTheOneDjlReportsAndThereIsOneJni() throws Exception {
        Engine e = DjlRuntime.engine();
        assumeTrue(Files.isReadable(Paths.get("/proc/self/maps")), "needs Linux's /proc/self/maps");
        List<Path> cpu = NativeLibraries.mapped("libtorch_cpu.so");
        assertEquals(1, cpu.size(), "one libtorch_cpu mapped: " + cpu);
        Path djlDir =
                Paths.get(LibUtils.getLibtorchPath()).resolve("libtorch_cpu.so").toRealPath();
        assertEquals(djlDir, cpu.get(0));
        assertEquals(1, NativeLibraries.mapped("libdjl_torch").size(), "one JNI library mapped");
        String report = NativeLibraries.report(e);
        assertTrue(report.contains(cpu.get(0).toString()), report);
    }

    @Test
    void aRequiredLibtorchFolderThatIsNotTheLoadedOneIsRefused(@TempDir Path dir) throws Exception {
        DjlRuntime.engine();
        assumeTrue(Files.isReadable(Paths.get("/proc/self/maps")), "needs Linux's /proc/self/maps");
        Path loaded = NativeLibraries.mapped("libtorch_cpu.so").get(0);
        Files.createSymbolicLink(dir.resolve("libtorch_cpu.so"), loaded); // the same file: accepted
        withProperty("fdc.libtorch.require", dir.toString(), NativeLibraries::verifyRequirements);

        Path other = Files.createDirectory(dir.resolve("other"));
        Files.write(other.resolve("libtorch_cpu.so"), new byte[] {0x7f, 'E', 'L', 'F'}); // another file: refused
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> withProperty("fdc.libtorch.require", other.toString(), NativeLibraries::verifyRequirements));
        assertTrue(e.getMessage().contains("this process runs on"), e.getMessage());

        e = assertThrows(
                IllegalStateException.class,
                () -> withProperty(
                        "fdc.libtorch.require", dir.resolve("none").toString(), NativeLibraries::verifyRequirements));
        assertTrue(e.getMessage().contains("no libtorch_cpu.so"), e.getMessage());
    }

    @Test
    void anUnresolvedMavenPlaceholderNamesTheVariableToSet() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> withProperty("fdc.jni.require", "${env.FDC_JNI_LIBRARY}", NativeLibraries::verifyRequirements));
        assertTrue(e.getMessage().contains("set FDC_JNI_LIBRARY"), e.getMessage());
    }

    @Test
    void aRequiredJniThatIsNotTheMappedOneIsRefused(@TempDir Path dir) throws Exception {
        DjlRuntime.engine();
        assumeTrue(Files.isReadable(Paths.get("/proc/self/maps")), "needs Linux's /proc/self/maps");
        Path jni = NativeLibraries.mapped("libdjl_torch").get(0);
        withProperty("fdc.jni.require", jni.toString(), NativeLibraries::verifyRequirements);
        Path copy = Files.write(dir.resolve("0.33.0-libdjl_torch.so"), new byte[] {0x7f, 'E', 'L', 'F'});
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> withProperty("fdc.jni.require", copy.toString(), NativeLibraries::verifyRequirements));
        assertTrue(e.getMessage().contains("DJL's JNI library mapped is"), e.getMessage());
    }

    @Test
    void aGpuThatDjlDoesNotSeeIsAnErrorNotAFallback() {
        Engine e = DjlRuntime.engine();
        assumeTrue(!e.hasCapability("CUDA"), "this libtorch has CUDA");
        IllegalStateException ex =
                assertThrows(IllegalStateException.class, () -> NativeLibraries.verifyDevice(e, Device.gpu(0)));
        assertTrue(ex.getMessage().contains("reports no CUDA"), ex.getMessage());
        NativeLibraries.verifyDevice(e, Device.cpu()); // the CPU probe computes [2, 5, 10]
    }

    @Test
    void devicesAreParsedStrictly() {
        assertNull(DjlRuntime.parseDevice(null));
        assertNull(DjlRuntime.parseDevice(" "));
        assertEquals(Device.cpu(), DjlRuntime.parseDevice("cpu"));
        assertEquals(Device.gpu(0), DjlRuntime.parseDevice("gpu"));
        assertEquals(Device.gpu(3), DjlRuntime.parseDevice("gpu:3"));
        for (String bad : new String[] {"GPU", "gpu:", "gpu:-1", "gpu:x", "cuda", "gpu0"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> DjlRuntime.parseDevice(bad), bad);
            assertTrue(e.getMessage().contains("fdc.device"), e.getMessage());
        }
    }

    private static void withProperty(String key, String value, Runnable r) {
        String old = System.getProperty(key);
        System.setProperty(key, value);
        try {
            r.run();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }
}
