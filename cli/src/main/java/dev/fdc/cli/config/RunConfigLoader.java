package dev.fdc.cli.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.fdc.cli.BadInputException;
import dev.fdc.cli.model.ModelFile;
import dev.fdc.coordinator.mirror.MirrorConfig;
import dev.fdc.coordinator.objective.ObjectiveConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds and validates a run's config: reference.conf ← the config file (the bundled
 * {@code default.conf} when none is given) ← {@code --set} overrides, later ones winning. Then, in
 * this order: substitutions resolve; no unknown key under {@code fdc} ({@link KnownKeys});
 * {@code fdc.objective}, {@code fdc.mirror} and {@code fdc.model} parse; the backend's sections
 * validate. Every failure is a {@link ConfigException} or {@link BadInputException} naming the key,
 * flag or file; nothing is written here.
 */
public final class RunConfigLoader {

    /** The bundled config {@code fdc train} uses without a CONFIG argument. */
    public static final String DEFAULT_RESOURCE = "default.conf";

    private RunConfigLoader() {}

    /**
     * A loaded, validated config.
     *
     * @param resolved everything, resolved (reference defaults included)
     * @param user the user's layers (file and overrides), resolved against {@code resolved}
     * @param model the pre-trained model {@code fdc.model} names
     */
    public record Loaded(Config resolved, Config user, ModelFile model) {

        /**
         * What {@code config.conf} holds: the whole resolved {@code fdc} section, with
         * {@code fdc.model.path} replaced by {@code modelPath}, plus any other top-level section the
         * user set (e.g. {@code pekko}) as the user set it.
         */
        public String render(String modelPath) {
            Config out = resolved.withOnlyPath("fdc")
                    .withValue(ModelConfig.PATH + ".path", ConfigValueFactory.fromAnyRef(modelPath));
            for (String key : user.root().keySet()) {
                if (!key.equals("fdc")) {
                    out = out.withFallback(user.withOnlyPath(com.typesafe.config.ConfigUtil.joinPath(key)));
                }
            }
            ConfigRenderOptions options = ConfigRenderOptions.defaults()
                    .setOriginComments(false)
                    .setComments(false)
                    .setJson(false)
                    .setFormatted(true);
            return "# Resolved by fdc (reference.conf <- config file <- --set); fdc resume reads this file.\n"
                    + out.root().render(options);
        }

        /** The same config with the model read from {@code copy} (the run directory's copy of it). */
        public Loaded withModelFile(Path copy) {
            return new Loaded(
                    resolved, user, new ModelFile(copy, model.kind(), model.spec(), model.vp(), model.ddpmTable()));
        }

        /** The resolved config with {@code fdc.model.path} set to {@code file}'s absolute path. */
        public Config withModelPath(Path file) {
            return resolved.withValue(
                    ModelConfig.PATH + ".path",
                    ConfigValueFactory.fromAnyRef(file.toAbsolutePath().toString()));
        }
    }

    /**
     * Loads and validates a config.
     *
     * @param file the config file, or null for the bundled default.conf
     * @param overrides {@code --set} overrides in command-line order
     * @param baseDir what relative model paths are relative to
     * @param backendValidation the backend's own checks (runs last)
     */
    public static Loaded load(
            Path file,
            List<SetOverride> overrides,
            Path baseDir,
            java.util.function.Consumer<Config> backendValidation) {
        Config reference = ConfigFactory.defaultReference();
        Config user = readFile(file);
        for (SetOverride o : overrides) {
            user = o.config().withFallback(user);
        }
        Config resolved = user.withFallback(reference).resolve();
        Config userResolved = user.resolveWith(resolved);
        KnownKeys.check(userResolved.root(), reference.root());
        ObjectiveConfig.parse(resolved);
        MirrorConfig.parse(resolved);
        ModelFile model = ModelConfig.parse(resolved, baseDir);
        backendValidation.accept(resolved);
        return new Loaded(resolved, userResolved, model);
    }

    private static Config readFile(Path file) {
        if (file == null) {
            Config c = ConfigFactory.parseResources(
                    RunConfigLoader.class.getClassLoader(),
                    DEFAULT_RESOURCE,
                    ConfigParseOptions.defaults().setAllowMissing(false));
            return c;
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("CONFIG", "config file " + file + " does not exist or is not a file");
        }
        try {
            return ConfigFactory.parseFile(
                    file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new BadInputException("CONFIG", "cannot parse " + file + ": " + e.getMessage(), e);
        }
    }
}
