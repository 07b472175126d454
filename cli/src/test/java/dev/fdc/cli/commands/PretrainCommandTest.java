package dev.fdc.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.fdc.cli.CliRun;
import dev.fdc.cli.model.ModelFile;
import dev.fdc.cli.model.ModelFileKind;
import dev.fdc.cli.model.Sampling;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.io.Safetensors;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.pretrain.Dataset2D;
import dev.fdc.gpu.pretrain.SampleDistance;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fdc pretrain end to end on a tiny run: a loadable safetensors whose samples beat noise. */
class PretrainCommandTest {

    @Test
    void tinyRunWritesALoadableModelWhoseSamplesBeatNoise(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("moons.safetensors");
        CliRun r = CliRun.of(
                "pretrain",
                "--dataset",
                "two-moons",
                "--steps",
                "600",
                "--batch",
                "128",
                "--hidden",
                "32,32",
                "--activation",
                "silu",
                "--lr",
                "3e-3",
                "--seed",
                "3",
                "--sample-steps",
                "40",
                "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("energy distance"), r.out());

        Safetensors.Contents c = Safetensors.read(out);
        assertEquals("mlp", c.metadata().get(MlpFiles.KIND));
        assertEquals("silu", c.metadata().get(MlpFiles.ACTIVATION));
        ModelFile file = ModelFile.inspect(out, null, "--model");
        assertEquals(ModelFileKind.MLP, file.kind());
        assertEquals(Activation.SILU, file.spec().activation());
        assertEquals(2, file.dim());

        // Independent check on streams the command did not use. Two moons have spread ≈ 1 around
        // (0.5, 0.25), noise N(0, I) a different shape: with 600 points a side the energy distance of
        // noise to the data is ≈ 0.15, a trained model's well below half of that (the V-statistic
        // bias at n = 600 is ≈ 0.003).
        float[] data = Dataset2D.TWO_MOONS.sample(600, CounterRng.of(99, Purpose.TEST, 0));
        float[] noise = new float[1200];
        CounterRng.of(99, Purpose.TEST, 1).fillGaussian(noise);
        try (NDManager m = DjlRuntime.newManager("test");
                VelocityField model = file.load(m)) {
            float[] samples = Sampling.sample(model, 600, 40, 99, Sampling.Sampler.MEMORYLESS, m);
            double eModel = SampleDistance.energy(samples, data, 2);
            double eNoise = SampleDistance.energy(noise, data, 2);
            assertTrue(eModel < 0.5 * eNoise, "model " + eModel + " vs noise " + eNoise);
        }
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "only the model file, no temporary files");
        }
    }

    @Test
    void badValuesExit2NamingTheFlag(@TempDir Path dir) {
        String out = dir.resolve("m.safetensors").toString();
        for (String[] bad : new String[][] {
            {"--dataset", "moons", "--out", out, "--dataset"},
            {"--dataset", "two-moons", "--hidden", "64,x", "--out", out, "--hidden"},
            {"--dataset", "two-moons", "--activation", "swish", "--out", out, "--activation"},
            {"--dataset", "two-moons", "--steps", "0", "--out", out, "--steps"},
            {"--dataset", "two-moons", "--lr", "-1", "--out", out, "--lr"},
            {
                "--dataset",
                "two-moons",
                "--out",
                dir.resolve("no/such/dir/m.safetensors").toString(),
                "--out"
            },
        }) {
            String[] args = new String[bad.length];
            args[0] = "pretrain";
            System.arraycopy(bad, 0, args, 1, bad.length - 1);
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().startsWith("fdc: " + bad[bad.length - 1] + ":"), r.err());
            assertTrue(!Files.exists(Path.of(out)));
        }
    }
}
