package dev.fdc.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.fdc.cli.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --set path=value: HOCON values, quoted paths, layering over the config file, later wins. */
class SetOverrideTest {

    @Test
    void valuesUseHoconSyntax() {
        assertEquals(3, SetOverride.parse("fdc.mirror.eta=3").config().getInt("fdc.mirror.eta"));
        assertEquals(1e-3, SetOverride.parse("fdc.mirror.eta = 1e-3").config().getDouble("fdc.mirror.eta"));
        assertEquals(
                "power", SetOverride.parse("fdc.mirror.schedule=power").config().getString("fdc.mirror.schedule"));
        assertEquals("a b=c", SetOverride.parse("x.y=\"a b=c\"").config().getString("x.y"));
        assertEquals(
                List.of(64, 32), SetOverride.parse("fdc.x=[64, 32]").config().getIntList("fdc.x"));
        assertEquals(
                2,
                SetOverride.parse("fdc.o={ a = 1, b = 2 }")
                        .config()
                        .getConfig("fdc.o")
                        .root()
                        .size());
        assertEquals(
                600,
                SetOverride.parse("fdc.t=10m").config().getDuration("fdc.t").getSeconds());
        assertEquals(1, SetOverride.parse("fdc.\"dotted.key\"=1").config().getInt("fdc.\"dotted.key\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-equals", "=3", "fdc.a=", "fdc..a=1", "fdc.a=[1, 2", "fdc.a={ b = }"})
    void malformedOverridesNameSetAndTheArgument(String argument) {
        BadInputException e = assertThrows(BadInputException.class, () -> SetOverride.parse(argument));
        assertTrue(e.getMessage().startsWith("--set " + argument + ":"), e.getMessage());
    }

    @Test
    void overridesLayerOverTheFileAndLaterOnesWin(@TempDir Path dir) throws Exception {
        Path model = Path.of(getClass()
                .getClassLoader()
                .getResource("models/gauss-mixture.safetensors")
                .toURI());
        Path file = dir.resolve("run.conf");
        Files.writeString(file, """
                fdc {
                  model.path = "%s"
                  objective.terms = [{ type = cvar, beta = 0.2, reward { name = risk_averse } }]
                  mirror { schedule = power, eta = 2.0 }
                }
                """.formatted(model.toString().replace("\\", "\\\\")));
        RunConfigLoader.Loaded loaded = RunConfigLoader.load(
                file,
                List.of(
                        SetOverride.parse("fdc.mirror.eta=0.5"), SetOverride.parse("fdc.mirror.power.exponent=0.75"),
                        SetOverride.parse("fdc.mirror.eta=0.25"),
                                SetOverride.parse("fdc.objective.defaults.cvar.weight=${fdc.mirror.eta}")),
                dir,
                c -> {});
        Config c = loaded.resolved();
        assertEquals(0.25, c.getDouble("fdc.mirror.eta"), "the later --set wins");
        assertEquals("power", c.getString("fdc.mirror.schedule"), "file value kept");
        assertEquals(0.75, c.getDouble("fdc.mirror.power.exponent"));
        assertEquals(
                0.25,
                c.getDouble("fdc.objective.defaults.cvar.weight"),
                "substitutions resolve against the merged config");
        assertEquals(0.1, c.getDouble("fdc.mirror.trust-region.target-kl"), "reference default filled in");
        assertEquals("mlp", loaded.model().kind().label());
        // config.conf round-trips: reloading the rendered file gives the same fdc section.
        Path rendered = dir.resolve("config.conf");
        Files.copy(model, dir.resolve("pretrained.safetensors"));
        Files.writeString(rendered, loaded.render("pretrained.safetensors"));
        RunConfigLoader.Loaded again = RunConfigLoader.load(rendered, List.of(), dir, x -> {});
        assertEquals(c.getConfig("fdc.objective"), again.resolved().getConfig("fdc.objective"));
        assertEquals(c.getConfig("fdc.mirror"), again.resolved().getConfig("fdc.mirror"));
        assertEquals(dir.resolve("pretrained.safetensors"), again.model().file());
    }

    @Test
    void theBundledDefaultConfigIsValid() {
        RunConfigLoader.Loaded loaded = RunConfigLoader.load(null, List.of(), Path.of("."), c -> {});
        assertEquals(
                "cvar",
                loaded.resolved().getConfigList("fdc.objective.terms").get(0).getString("type"));
        assertEquals(
                "risk_averse",
                loaded.resolved().getConfigList("fdc.objective.terms").get(0).getString("reward.name"));
        assertEquals(2, loaded.model().dim());
        assertEquals(
                6, dev.fdc.coordinator.run.RunConfig.parse(loaded.resolved()).mirrorSteps());
    }
}
