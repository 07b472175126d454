package dev.fdc.cli.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import dev.fdc.cli.BadInputException;
import java.util.List;

/**
 * One {@code --set path=value} override: a HOCON path ({@code fdc.run.seed},
 * {@code fdc.objective.defaults.cvar.beta}, quoted segments allowed) and a value in HOCON syntax
 * ({@code 3}, {@code 1e-3}, {@code cvar}, {@code "a string"}, {@code [64, 64]}, {@code { a = 1 }},
 * {@code 10m}, {@code ${fdc.run.seed}}). The value replaces whatever the config file had at the path
 * (objects are merged as HOCON merges them).
 *
 * @param path the path as written
 * @param config a config holding only this override
 */
public record SetOverride(String path, Config config) {

    /** Parses {@code path=value}; errors name {@code --set} and the argument. */
    public static SetOverride parse(String argument) {
        int eq = argument.indexOf('=');
        if (eq <= 0) {
            throw new BadInputException("--set " + argument, "expected path=value, e.g. fdc.run.mirror-steps=3");
        }
        String path = argument.substring(0, eq).trim();
        String value = argument.substring(eq + 1).trim();
        try {
            List<String> segments = ConfigUtil.splitPath(path);
            if (segments.isEmpty()) {
                throw new BadInputException("--set " + argument, "empty path; expected path=value");
            }
        } catch (ConfigException e) {
            throw new BadInputException(
                    "--set " + argument, "'" + path + "' is not a valid HOCON path: " + e.getMessage());
        }
        if (value.isEmpty()) {
            throw new BadInputException(
                    "--set " + argument, "no value after '='; expected a HOCON value (use \"\" for an empty string)");
        }
        Config parsed;
        try {
            // "path = value" parsed as a HOCON document: the path may be quoted, the value any HOCON value.
            parsed = ConfigFactory.parseString(
                    path + " = " + value,
                    ConfigParseOptions.defaults()
                            .setSyntax(ConfigSyntax.CONF)
                            .setOriginDescription("--set " + argument));
        } catch (ConfigException e) {
            throw new BadInputException(
                    "--set " + argument, "value '" + value + "' is not valid HOCON: " + e.getMessage());
        }
        if (parsed.root().size() != 1) {
            throw new BadInputException("--set " + argument, "expected exactly one path=value");
        }
        return new SetOverride(path, parsed);
    }
}
