package dev.fdc.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fdc sample: header, N rows of d finite numbers, deterministic per seed. */
class SampleCommandTest {

    private static Path bundled() throws Exception {
        return Path.of(SampleCommandTest.class
                .getClassLoader()
                .getResource("models/gauss-mixture.safetensors")
                .toURI());
    }

    @Test
    void writesHeaderAndNRowsDeterministicallyPerSeed(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        for (Path[] run : new Path[][] {{a, Path.of("7")}, {b, Path.of("7")}, {c, Path.of("8")}}) {
            CliRun r = CliRun.of(
                    "sample",
                    "--model",
                    bundled().toString(),
                    "--kind",
                    "mlp",
                    "--n",
                    "37",
                    "--steps",
                    "20",
                    "--seed",
                    run[1].toString(),
                    "--out",
                    run[0].toString());
            assertEquals(0, r.exitCode(), r.toString());
        }
        List<String> lines = Files.readAllLines(a);
        assertEquals("x1,x2", lines.get(0));
        assertEquals(38, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertEquals(2, cells.length, line);
            for (String cell : cells) {
                assertTrue(Double.isFinite(Double.parseDouble(cell)), line);
            }
        }
        assertEquals(lines, Files.readAllLines(b), "same seed, same file");
        assertNotEquals(lines, Files.readAllLines(c), "another seed, other samples");
    }

    @Test
    void odeSamplerAndVpEpsFixtureWork(@TempDir Path dir) throws Exception {
        Path fixture = Path.of(System.getProperty("fdc.fixtures", "/work/shared/fixtures"), "gauss_model.safetensors");
        Path model = Files.exists(fixture) ? fixture : bundled();
        Path out = dir.resolve("ode.csv");
        CliRun r = CliRun.of(
                "sample",
                "--model",
                model.toString(),
                "--n",
                "5",
                "--steps",
                "10",
                "--sampler",
                "ode",
                "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(6, Files.readAllLines(out).size());
    }

    @Test
    void badInputExits2NamingTheFlag(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("x.csv");
        String m = bundled().toString();
        String[][] cases = {
            {"--model", dir.resolve("none.safetensors").toString(), "--out", out.toString(), "--model"},
            {"--model", m, "--kind", "diffusion", "--out", out.toString(), "--kind"},
            {"--model", m, "--kind", "vp-eps", "--out", out.toString(), "--model"},
            {"--model", m, "--sampler", "euler", "--out", out.toString(), "--sampler"},
            {"--model", m, "--n", "0", "--out", out.toString(), "--n"},
            {"--model", m, "--steps", "1", "--out", out.toString(), "--steps"},
        };
        Path notAModel = dir.resolve("text.safetensors");
        Files.writeString(notAModel, "hello");
        for (String[] bad : cases) {
            String[] args = new String[bad.length];
            args[0] = "sample";
            System.arraycopy(bad, 0, args, 1, bad.length - 1);
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().startsWith("fdc: " + bad[bad.length - 1] + ":"), r.err());
            assertFalse(Files.exists(out));
        }
        CliRun r = CliRun.of("sample", "--model", notAModel.toString(), "--out", out.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--model") && r.err().contains("text.safetensors"), r.err());
    }
}
