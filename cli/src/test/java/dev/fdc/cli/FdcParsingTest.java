package dev.fdc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.cli.commands.PretrainCommand;
import dev.fdc.cli.commands.SampleCommand;
import dev.fdc.cli.commands.TrainCommand;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** picocli wiring: subcommands, options, defaults, --help, --version and usage errors (exit 2). */
class FdcParsingTest {

    @Test
    void pretrainOptionsParseWithDefaults() {
        CommandLine cl = Fdc.commandLine();
        CommandLine.ParseResult r = cl.parseArgs(
                "pretrain", "--dataset", "two-moons", "--out", "m.safetensors", "--steps", "7", "--hidden", "32,16");
        CommandLine sub = r.subcommand().commandSpec().commandLine();
        PretrainCommand p = sub.getCommand();
        assertEquals(7, (int) r.subcommand().matchedOptionValue("--steps", 0));
        assertEquals(
                256, (int) r.subcommand().commandSpec().findOption("--batch").getValue());
        assertEquals("32,16", r.subcommand().matchedOptionValue("--hidden", ""));
        assertEquals(
                "silu", r.subcommand().commandSpec().findOption("--activation").getValue());
        assertEquals(Path.of("m.safetensors"), r.subcommand().matchedOptionValue("--out", null));
        assertTrue(p != null);
    }

    @Test
    void sampleOptionsParse() {
        CommandLine.ParseResult r = Fdc.commandLine()
                .parseArgs(
                        "sample",
                        "--model",
                        "a.safetensors",
                        "--kind",
                        "vp-eps",
                        "--n",
                        "12",
                        "--steps",
                        "20",
                        "--seed",
                        "5",
                        "--out",
                        "s.csv",
                        "--sampler",
                        "ode");
        assertTrue(r.subcommand().commandSpec().commandLine().getCommand() instanceof SampleCommand);
        assertEquals(12, (int) r.subcommand().matchedOptionValue("--n", 0));
        assertEquals(5L, (long) r.subcommand().matchedOptionValue("--seed", 0L));
        assertEquals("ode", r.subcommand().matchedOptionValue("--sampler", ""));
    }

    @Test
    void trainTakesAnOptionalConfigAndRepeatedSets() {
        CommandLine.ParseResult r = Fdc.commandLine()
                .parseArgs(
                        "train",
                        "run.conf",
                        "--set",
                        "fdc.a=1",
                        "--set",
                        "fdc.b=[1, 2]",
                        "--workers",
                        "3",
                        "--run-dir",
                        "out");
        assertTrue(r.subcommand().commandSpec().commandLine().getCommand() instanceof TrainCommand);
        assertEquals(List.of("fdc.a=1", "fdc.b=[1, 2]"), r.subcommand().matchedOptionValue("--set", List.of()));
        assertEquals(Path.of("run.conf"), r.subcommand().matchedPositionalValue(0, null));
        assertEquals(3, (int) r.subcommand().matchedOptionValue("--workers", 0));
        CommandLine.ParseResult none = Fdc.commandLine().parseArgs("train");
        assertTrue(none.subcommand().matchedPositionals().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pretrain", "sample", "train", "resume"})
    void everyCommandHasHelp(String command) {
        CliRun r = command.isEmpty() ? CliRun.of("--help") : CliRun.of(command, "--help");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("Usage: fdc" + (command.isEmpty() ? "" : " " + command)), r.toString());
    }

    @Test
    void versionNamesFdcAndItsVersion() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().matches("(?s)fdc \\d+\\.\\d+\\.\\d+.*"), r.out());
    }

    @Test
    void unknownOptionAndMissingRequiredOptionExit2NamingTheFlag() {
        CliRun unknown = CliRun.of("sample", "--model", "m", "--out", "o.csv", "--frobnicate");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("--frobnicate"), unknown.err());
        CliRun missing = CliRun.of("pretrain", "--out", "x.safetensors");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("--dataset"), missing.err());
        CliRun notANumber = CliRun.of("pretrain", "--dataset", "two-moons", "--out", "x", "--steps", "many");
        assertEquals(2, notANumber.exitCode());
        assertTrue(notANumber.err().contains("--steps"), notANumber.err());
        CliRun noCommand = CliRun.of();
        assertEquals(2, noCommand.exitCode());
        assertTrue(noCommand.err().contains("subcommand"), noCommand.err());
    }
}
