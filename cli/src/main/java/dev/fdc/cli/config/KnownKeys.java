package dev.fdc.cli.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.fdc.coordinator.objective.BadConfigException;
import java.util.TreeSet;

/**
 * Unknown keys under {@code fdc} are errors: every key the user sets must exist at the same path in
 * reference.conf (the union of every module's defaults). The walk descends into objects the
 * reference has as objects and stops at lists and scalars, whose contents (objective terms, say)
 * their section's parser checks. A user value where the reference has an object must be an object.
 */
public final class KnownKeys {

    /** The root section that is checked. */
    public static final String ROOT = "fdc";

    private KnownKeys() {}

    /** Checks {@code user}'s {@code fdc} object against {@code reference}'s; throws naming the first bad key. */
    public static void check(ConfigObject user, ConfigObject reference) {
        ConfigValue u = user.get(ROOT);
        ConfigValue r = reference.get(ROOT);
        if (u == null || r == null) {
            return;
        }
        walk(u, r, ROOT);
    }

    private static void walk(ConfigValue user, ConfigValue reference, String path) {
        if (reference.valueType() != ConfigValueType.OBJECT) {
            return;
        }
        if (user.valueType() != ConfigValueType.OBJECT) {
            if (user.valueType() == ConfigValueType.NULL) {
                return;
            }
            throw new BadConfigException(
                    path, "expected an object, got " + user.valueType().name().toLowerCase() + " " + user.render());
        }
        ConfigObject u = (ConfigObject) user;
        ConfigObject r = (ConfigObject) reference;
        for (String key : new TreeSet<>(u.keySet())) {
            String child = path + "." + ConfigUtil.joinPath(key);
            ConfigValue rv = r.get(key);
            if (rv == null) {
                throw new BadConfigException(child, "unknown key; expected one of " + new TreeSet<>(r.keySet()));
            }
            walk(u.get(key), rv, child);
        }
    }
}
