package dev.fdc.gpu.torchscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.TimeInput;
import dev.fdc.gpu.testing.Engines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not loadable TorchScript fail with an error naming the file; nothing stays loaded. */
class TorchScriptLoadFailureTest {

    private static final MlpSpec SPEC = new MlpSpec(3, new int[] {8}, 2, Activation.RELU);

    @TempDir
    Path dir;

    private byte[] archive(NDManager m) {
        Mlp mlp = TorchScriptFixtures.mlp(SPEC, m, 41);
        return TorchScriptWriter.velocityField(
                        SPEC, TimeInput.T, mlp.parameters().toMap())
                .toByteArray();
    }

    private void assertFailsNaming(Path file, NDManager m, String... fragments) {
        int before = m.getManagedArrays().size();
        TorchScriptFormatException e =
                assertThrows(TorchScriptFormatException.class, () -> TorchScriptVelocityField.load(file, m));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        }
        assertEquals(before, m.getManagedArrays().size(), "a failed load releases what it loaded");
    }

    @Test
    void textFileIsNotAnArchive() throws Exception {
        try (NDManager m = Engines.manager()) {
            Path f = dir.resolve("model.pt");
            Files.writeString(f, "def forward(x): return x\n");
            assertFailsNaming(f, m, "not a TorchScript archive", "torch.jit.save");
        }
    }

    @Test
    void emptyFileIsNotAnArchive() throws Exception {
        try (NDManager m = Engines.manager()) {
            Path f = dir.resolve("empty.pt");
            Files.write(f, new byte[0]);
            assertFailsNaming(f, m, "not a TorchScript archive");
        }
    }

    @Test
    void truncatedArchiveIsRefusedByLibtorch() throws Exception {
        try (NDManager m = Engines.manager()) {
            byte[] a = archive(m);
            Path f = dir.resolve("truncated.pt");
            Files.write(f, Arrays.copyOf(a, a.length / 2));
            assertFailsNaming(f, m, "libtorch cannot load it", "zip archive");
        }
    }

    @Test
    void corruptedCodeIsRefusedByLibtorch() throws Exception {
        try (NDManager m = Engines.manager()) {
            byte[] a = archive(m);
            String s = new String(a, StandardCharsets.ISO_8859_1).replace("torch.linear(", "torch.lineax(");
            Path f = dir.resolve("corrupted.pt");
            Files.write(
                    f, s.getBytes(StandardCharsets.ISO_8859_1)); // same length: only the ZIP CRC and the code are wrong
            assertFailsNaming(f, m, "libtorch cannot load it", "lineax");
        }
    }

    @Test
    void rewardModelIsNotAVelocityField() throws Exception {
        try (NDManager m = Engines.manager()) {
            MlpSpec reward = new MlpSpec(2, new int[] {8}, 1, Activation.RELU);
            Mlp mlp = TorchScriptFixtures.mlp(reward, m, 42);
            Path f = dir.resolve("reward.pt");
            TorchScriptWriter.reward(reward, mlp.parameters().toMap()).write(f);
            assertFailsNaming(f, m, "forward(x [1, 1], t [1]) failed");
        }
    }

    @Test
    void missingFileNamesTheFile() {
        try (NDManager m = Engines.manager()) {
            Path f = dir.resolve("absent.pt");
            NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TorchScriptVelocityField.load(f, m));
            assertTrue(e.getMessage().contains("absent.pt"));
        }
    }
}
