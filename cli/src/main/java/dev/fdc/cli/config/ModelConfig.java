package dev.fdc.cli.config;

import com.typesafe.config.Config;
import dev.fdc.cli.BadInputException;
import dev.fdc.cli.model.ModelFile;
import dev.fdc.cli.model.ModelFileKind;
import dev.fdc.coordinator.objective.BadConfigException;
import dev.fdc.coordinator.objective.StrictConfig;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.schedule.VpSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code fdc.model}, the pre-trained model a run fine-tunes:
 *
 * <pre>
 * fdc.model {
 *   path = "classpath:models/gauss-mixture.safetensors"  # a file, or a model bundled with fdc
 *   kind = auto          # auto (from the file) | mlp | vp-eps | torchscript
 *   activation = relu    # when a safetensors file names none
 *   vp { beta-min = 0.1, beta-max = 12.0, ddpm-table = true }   # vp-eps only
 * }
 * </pre>
 *
 * A relative path is resolved against a base directory: the working directory for {@code fdc train},
 * the run directory for {@code fdc resume} (whose {@code config.conf} names the run's own copy).
 */
public final class ModelConfig {

    /** The config path. */
    public static final String PATH = "fdc.model";
    /** The prefix of a model bundled as a class-path resource. */
    public static final String CLASSPATH = "classpath:";

    private static final Set<String> KEYS = Set.of("path", "kind", "activation", "vp");

    private ModelConfig() {}

    /** Reads {@code fdc.model} of a resolved config and inspects the file; errors name the key. */
    public static ModelFile parse(Config root, Path baseDir) {
        StrictConfig c = StrictConfig.at(root, PATH);
        c.requireOnly(KEYS, "");
        String location = c.string("path");
        if (location.isBlank()) {
            throw new BadConfigException(
                    c.pathOf("path"),
                    "missing; expected the pre-trained model's file "
                            + "(or classpath:models/NAME.safetensors for a bundled one)");
        }
        String kindName = c.oneOf("kind", List.of("auto", "mlp", "vp-eps", "torchscript"));
        ModelFileKind kind = kindName.equals("auto") ? null : ModelFileKind.parseOrNull(kindName);
        Activation activation;
        try {
            activation = Activation.parse(c.string("activation"));
        } catch (IllegalArgumentException e) {
            throw new BadConfigException(c.pathOf("activation"), e.getMessage());
        }
        StrictConfig vp = c.object("vp");
        vp.requireOnly(Set.of("beta-min", "beta-max", "ddpm-table"), " of the VP schedule");
        double betaMin = vp.positive("beta-min");
        double betaMax = vp.number(
                "beta-max", betaMin, true, Double.POSITIVE_INFINITY, true, "a number > beta-min (" + betaMin + ")");
        boolean ddpm = bool(vp, root, "ddpm-table");
        Path file = locate(location, baseDir, c.pathOf("path"));
        try {
            return ModelFile.inspect(file, kind, activation, new VpSchedule(betaMin, betaMax), ddpm, c.pathOf("path"));
        } catch (BadInputException e) {
            throw new BadConfigException(
                    c.pathOf("path"), e.getMessage().substring(e.subject().length() + 2));
        }
    }

    private static boolean bool(StrictConfig c, Config root, String key) {
        try {
            return root.getBoolean(c.pathOf(key));
        } catch (com.typesafe.config.ConfigException e) {
            throw new BadConfigException(c.pathOf(key), "expected true or false");
        }
    }

    /** The file a {@code path} value names; a bundled model is copied to a temporary file. */
    static Path locate(String location, Path baseDir, String key) {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            try (InputStream in = ModelConfig.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new BadConfigException(
                            key,
                            "no bundled model '" + resource + "'; expected e.g. " + CLASSPATH
                                    + "models/gauss-mixture.safetensors");
                }
                String name = Path.of(resource).getFileName().toString();
                Path tmp = Files.createTempFile("fdc-model-", "-" + name);
                tmp.toFile().deleteOnExit();
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return tmp;
            } catch (IOException e) {
                throw new BadConfigException(key, "cannot read bundled model '" + resource + "': " + e.getMessage());
            }
        }
        Path p = Path.of(location);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }
}
