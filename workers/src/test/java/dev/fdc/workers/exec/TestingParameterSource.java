package dev.fdc.workers.exec;

import dev.fdc.protocol.ParameterVersionFormat;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.ParameterVersion;
import java.util.HashMap;
import java.util.Map;

/** Published parameter versions held in a map, counting fetches per version. */
final class TestingParameterSource implements ParameterSource {

    private final Map<ParameterVersion, float[]> versions = new HashMap<>();
    private final Map<ParameterVersion, Integer> fetches = new HashMap<>();

    static ParameterVersion version(long epoch, long version) {
        return ParameterVersion.newBuilder().setEpoch(epoch).setVersion(version).build();
    }

    TestingParameterSource publish(ParameterVersion v, float[] parameters) {
        versions.put(v, parameters.clone());
        return this;
    }

    int fetches(ParameterVersion v) {
        return fetches.getOrDefault(v, 0);
    }

    int totalFetches() {
        return fetches.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public float[] fetch(ParameterVersion version) throws TaskFailure {
        fetches.merge(version, 1, Integer::sum);
        float[] p = versions.get(version);
        if (p == null) {
            throw new TaskFailure(
                    FailureKind.FAILURE_KIND_BAD_INPUT,
                    "version " + ParameterVersionFormat.format(version) + " is not published",
                    false,
                    null);
        }
        return p.clone();
    }
}
