package dev.fdc.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad config or flag of {@code fdc train}: exit code 2, one message on stderr naming the key
 * or flag (and what was expected), and no run directory.
 */
class BadConfigTest {

    @TempDir
    Path dir;

    static Stream<Arguments> badOverrides() {
        return Stream.of(
                Arguments.of("fdc.bogus=1", "fdc.bogus", "unknown key"),
                Arguments.of("fdc.mirror.bogus=1", "fdc.mirror.bogus", "unknown key"),
                Arguments.of("fdc.mirror.trust-region.bogus=1", "fdc.mirror.trust-region.bogus", "unknown key"),
                Arguments.of("fdc.model.vp.bogus=true", "fdc.model.vp.bogus", "unknown key"),
                Arguments.of("fdc.mirror=3", "fdc.mirror", "expected an object"),
                Arguments.of("fdc.run.bogus=1", "fdc.run.bogus", "unknown key"),
                Arguments.of("fdc.run.mirror-steps=0", "fdc.run.mirror-steps", "≥ 1"),
                Arguments.of("fdc.run.mode=eventually", "fdc.run.mode", "expected one of"),
                Arguments.of("fdc.mirror.eta=-1", "fdc.mirror.eta", "> 0"),
                Arguments.of("fdc.mirror.schedule=cosine", "fdc.mirror.schedule", "expected one of"),
                Arguments.of("fdc.objective.terms=[]", "fdc.objective.terms", "at least one term"),
                Arguments.of(
                        "fdc.objective.terms=[{ type = cvar, beta = 2, reward { name = risk_averse } }]",
                        "fdc.objective.terms[0].beta",
                        "(0, 1)"),
                Arguments.of(
                        "fdc.objective.terms=[{ type = cvar, reward { name = nowhere } }]",
                        "fdc.objective.terms[0].reward.name",
                        "expected one of"),
                Arguments.of(
                        "fdc.objective.terms=[{ type = cvarr }]", "fdc.objective.terms[0].type", "expected one of"),
                Arguments.of("fdc.model.path=\"\"", "fdc.model.path", "missing"),
                Arguments.of("fdc.model.path=/no/such/model.safetensors", "fdc.model.path", "does not exist"),
                Arguments.of(
                        "fdc.model.path=\"classpath:models/none.safetensors\"", "fdc.model.path", "no bundled model"),
                Arguments.of("fdc.model.kind=vp-eps", "fdc.model.path", "holds a mlp model"),
                Arguments.of("fdc.model.kind=diffusion", "fdc.model.kind", "expected one of"),
                Arguments.of("fdc.model.activation=swish", "fdc.model.activation", "expected one of"),
                Arguments.of("fdc.model.vp.ddpm-table=maybe", "fdc.model.vp.ddpm-table", "true or false"),
                Arguments.of("fdc.mirror.eta=${fdc.nowhere}", "fdc.nowhere", ""),
                Arguments.of("fdc.mirror.eta=[1", "--set fdc.mirror.eta=[1", "not valid HOCON"),
                Arguments.of("fdc.mirror.eta", "--set fdc.mirror.eta", "expected path=value"));
    }

    @ParameterizedTest(name = "--set {0}")
    @MethodSource("badOverrides")
    void badOverrideExits2NamingTheKey(String override, String key, String expected) throws Exception {
        Path run = dir.resolve("run");
        CliRun r = CliRun.of("train", "--set", override, "--run-dir", run.toString());
        assertBadInput(r, key, expected, run);
    }

    @Test
    void badConfigFilesExit2NamingTheFileOrKey() throws Exception {
        Path run = dir.resolve("run");
        assertBadInput(
                CliRun.of("train", dir.resolve("missing.conf").toString(), "--run-dir", run.toString()),
                "CONFIG",
                "missing.conf does not exist",
                run);
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "fdc { mirror { eta = 1 }\n");
        assertBadInput(
                CliRun.of("train", broken.toString(), "--run-dir", run.toString()), "CONFIG", "broken.conf", run);
        Path unknown = dir.resolve("unknown.conf");
        Files.writeString(
                unknown,
                "fdc.objective.terms = [{ type = kl, alpha = 1 }]\nfdc.model.path = \"classpath:models/gauss-mixture.safetensors\"\nfdc.mirorr.eta = 1\n");
        assertBadInput(
                CliRun.of("train", unknown.toString(), "--run-dir", run.toString()), "fdc.mirorr", "unknown key", run);
        Path noModel = dir.resolve("nomodel.conf");
        Files.writeString(noModel, "fdc.objective.terms = [{ type = kl, alpha = 1 }]\n");
        assertBadInput(
                CliRun.of("train", noModel.toString(), "--run-dir", run.toString()), "fdc.model.path", "missing", run);
    }

    @Test
    void badFlagsExit2() throws Exception {
        Path run = dir.resolve("run");
        assertBadInput(CliRun.of("train", "--workers", "0", "--run-dir", run.toString()), "--workers", "≥ 1", run);
        Path used = dir.resolve("used");
        Files.createDirectories(used);
        Files.writeString(used.resolve("something"), "x");
        CliRun r = CliRun.of("train", "--run-dir", used.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--run-dir") && r.err().contains("not empty"), r.err());
        assertEquals(List.of(used.resolve("something")), list(used), "an existing directory is left alone");
        CliRun resume = CliRun.of("resume", dir.resolve("nothing").toString());
        assertEquals(2, resume.exitCode(), resume.toString());
        assertTrue(resume.err().contains("RUN_DIR"), resume.err());
    }

    private static void assertBadInput(CliRun r, String key, String expected, Path run) {
        assertEquals(2, r.exitCode(), r.toString());
        String firstLine = r.err().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("fdc: "), r.err());
        assertTrue(firstLine.contains(key), "names " + key + ": " + r.err());
        assertTrue(r.err().contains(expected), "says '" + expected + "': " + r.err());
        assertFalse(Files.exists(run), "nothing written: " + run);
    }

    private static List<Path> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return new ArrayList<>(s.toList());
        }
    }
}
