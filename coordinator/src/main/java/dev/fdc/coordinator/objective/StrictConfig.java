package dev.fdc.coordinator.objective;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A read-only view of one HOCON object that fails with a {@link BadConfigException} naming the full
 * key path on every unknown key, missing value, wrong type or out-of-range number. A view has a
 * primary layer (the user's object) and a fallback layer (its defaults from reference.conf); an
 * error names the key where the offending value came from.
 */
public final class StrictConfig {

    private final ConfigObject primary;
    private final String path;
    private final ConfigObject fallback;
    private final String fallbackPath;
    private final ConfigObject merged;

    private StrictConfig(ConfigObject primary, String path, ConfigObject fallback, String fallbackPath) {
        this.primary = primary;
        this.path = path;
        this.fallback = fallback;
        this.fallbackPath = fallbackPath;
        this.merged = primary.withFallback(fallback);
    }

    /** The object at {@code path} of {@code root} (which must hold one). */
    public static StrictConfig at(Config root, String path) {
        ConfigObject empty = ConfigFactory.empty().root();
        if (!root.hasPathOrNull(path)) {
            throw new BadConfigException(path, "missing; expected an object");
        }
        ConfigValue v = root.getValue(path);
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw new BadConfigException(path, "expected an object, got " + describe(v));
        }
        return new StrictConfig((ConfigObject) v, path, empty, path);
    }

    /** This view with {@code defaults} (found at {@code defaultsPath}) under it. */
    public StrictConfig withDefaults(StrictConfig defaults) {
        return new StrictConfig(primary, path, defaults.merged, defaults.path);
    }

    /** The path of this object. */
    public String path() {
        return path;
    }

    /** The full path of {@code key}: in the user's object, or in the defaults if it came from there. */
    public String pathOf(String key) {
        return !primary.containsKey(key) && fallback.containsKey(key) ? fallbackPath + "." + key : path + "." + key;
    }

    /** Whether {@code key} has a value here or in the defaults. */
    public boolean has(String key) {
        return merged.containsKey(key);
    }

    /** Fails on the first key (in sorted order) that is not in {@code allowed}. */
    public void requireOnly(Collection<String> allowed, String context) {
        for (String key : new TreeSet<>(merged.keySet())) {
            if (!allowed.contains(key)) {
                throw new BadConfigException(
                        pathOf(key), "unknown key" + context + "; expected one of " + new TreeSet<>(allowed));
            }
        }
    }

    /** The keys present, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(merged.keySet());
    }

    private ConfigValue value(String key, String expected) {
        ConfigValue v = merged.get(key);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            throw new BadConfigException(pathOf(key), "missing; expected " + expected);
        }
        return v;
    }

    /** A finite number. */
    public double number(String key) {
        return toNumber(value(key, "a number"), pathOf(key), "a number");
    }

    /** A finite number in the given range; {@code expected} describes it, e.g. "a number in (0, 1)". */
    public double number(String key, double lo, boolean loOpen, double hi, boolean hiOpen, String expected) {
        double x = toNumber(value(key, expected), pathOf(key), expected);
        boolean ok = (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi);
        if (!ok) {
            throw new BadConfigException(pathOf(key), "expected " + expected + ", got " + x);
        }
        return x;
    }

    /** A number ≥ 0. */
    public double nonNegative(String key) {
        return number(key, 0, false, Double.POSITIVE_INFINITY, true, "a number ≥ 0");
    }

    /** A number &gt; 0. */
    public double positive(String key) {
        return number(key, 0, true, Double.POSITIVE_INFINITY, true, "a number > 0");
    }

    /** An integer ≥ {@code min}. */
    public int integer(String key, int min) {
        String expected = "an integer ≥ " + min;
        double x = toNumber(value(key, expected), pathOf(key), expected);
        if (x != Math.rint(x) || x < min || x > Integer.MAX_VALUE) {
            throw new BadConfigException(pathOf(key), "expected " + expected + ", got " + x);
        }
        return (int) x;
    }

    /** A string. */
    public String string(String key) {
        ConfigValue v = value(key, "a string");
        if (v.valueType() != ConfigValueType.STRING) {
            throw new BadConfigException(pathOf(key), "expected a string, got " + describe(v));
        }
        return (String) v.unwrapped();
    }

    /** One of the strings {@code allowed}. */
    public String oneOf(String key, Collection<String> allowed) {
        String s = string(key);
        if (!allowed.contains(s)) {
            throw new BadConfigException(
                    pathOf(key), "unknown value '" + s + "'; expected one of " + new TreeSet<>(allowed));
        }
        return s;
    }

    /** The object at {@code key} (with the defaults' object at the same key under it). */
    public StrictConfig object(String key) {
        ConfigValue v = value(key, "an object");
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw new BadConfigException(pathOf(key), "expected an object, got " + describe(v));
        }
        ConfigObject p = primary.get(key) instanceof ConfigObject o
                ? o
                : ConfigFactory.empty().root();
        ConfigObject f = fallback.get(key) instanceof ConfigObject o
                ? o
                : ConfigFactory.empty().root();
        return new StrictConfig(p, path + "." + key, f, fallbackPath + "." + key);
    }

    /** The list of objects at {@code key}, each with path {@code key[i]}. */
    public List<StrictConfig> objectList(String key) {
        List<StrictConfig> out = new ArrayList<>();
        List<? extends ConfigValue> list = list(key, "a list of objects");
        for (int i = 0; i < list.size(); i++) {
            ConfigValue v = list.get(i);
            String p = pathOf(key) + "[" + i + "]";
            if (v.valueType() != ConfigValueType.OBJECT) {
                throw new BadConfigException(p, "expected an object, got " + describe(v));
            }
            out.add(new StrictConfig((ConfigObject) v, p, ConfigFactory.empty().root(), p));
        }
        return out;
    }

    /** A list of finite numbers. */
    public double[] numberList(String key) {
        List<? extends ConfigValue> list = list(key, "a list of numbers");
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toNumber(list.get(i), pathOf(key) + "[" + i + "]", "a number");
        }
        return out;
    }

    /** A list of lists of numbers, all rows of one length: a rows×cols matrix (rows may be 0). */
    public double[][] matrix(String key) {
        List<? extends ConfigValue> rows = list(key, "a list of rows (lists of numbers)");
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            String rowPath = pathOf(key) + "[" + i + "]";
            ConfigValue row = rows.get(i);
            if (row.valueType() != ConfigValueType.LIST) {
                throw new BadConfigException(rowPath, "expected a row (list of numbers), got " + describe(row));
            }
            List<?> cells = (List<?>) row;
            m[i] = new double[cells.size()];
            for (int j = 0; j < cells.size(); j++) {
                m[i][j] = toNumber((ConfigValue) cells.get(j), rowPath + "[" + j + "]", "a number");
            }
            if (m[i].length != m[0].length) {
                throw new BadConfigException(
                        rowPath,
                        "row has " + m[i].length + " entries, row 0 has " + m[0].length
                                + "; expected a rectangular matrix");
            }
        }
        return m;
    }

    private List<? extends ConfigValue> list(String key, String expected) {
        ConfigValue v = value(key, expected);
        if (v.valueType() != ConfigValueType.LIST) {
            throw new BadConfigException(pathOf(key), "expected " + expected + ", got " + describe(v));
        }
        return (ConfigList) v;
    }

    private static double toNumber(ConfigValue v, String path, String expected) {
        double x;
        if (v.valueType() == ConfigValueType.NUMBER) {
            x = ((Number) v.unwrapped()).doubleValue();
        } else if (v.valueType() == ConfigValueType.STRING) {
            try {
                x = Double.parseDouble(((String) v.unwrapped()).trim());
            } catch (NumberFormatException e) {
                throw new BadConfigException(path, "expected " + expected + ", got " + describe(v));
            }
        } else {
            throw new BadConfigException(path, "expected " + expected + ", got " + describe(v));
        }
        if (!Double.isFinite(x)) {
            throw new BadConfigException(path, "expected " + expected + ", got " + x);
        }
        return x;
    }

    private static String describe(ConfigValue v) {
        return v.valueType().name().toLowerCase() + " " + v.render();
    }
}
