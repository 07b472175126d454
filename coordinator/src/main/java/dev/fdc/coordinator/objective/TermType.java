package dev.fdc.coordinator.objective;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The objective term types of the config ({@code type = ...}): their keys and parsers. */
enum TermType {
    EXPECTED_REWARD(ExpectedRewardTerm.TYPE, ExpectedRewardTerm.KEYS, ExpectedRewardTerm::parse),
    CVAR(CvarTerm.TYPE, CvarTerm.KEYS, CvarTerm::parse),
    SUPERQUANTILE(SuperquantileTerm.TYPE, SuperquantileTerm.KEYS, SuperquantileTerm::parse),
    MEAN_VARIANCE(MeanVarianceTerm.TYPE, MeanVarianceTerm.KEYS, MeanVarianceTerm::parse),
    ENTROPY(EntropyTerm.TYPE, EntropyTerm.KEYS, EntropyTerm::parse),
    D_OPTIMAL(DOptimalTerm.TYPE, DOptimalTerm.KEYS, DOptimalTerm::parse),
    A_OPTIMAL(AOptimalTerm.TYPE, AOptimalTerm.KEYS, AOptimalTerm::parse),
    KL(KlTerm.TYPE, KlTerm.KEYS, KlTerm::parse),
    RENYI(RenyiTerm.TYPE, RenyiTerm.KEYS, RenyiTerm::parse),
    WASSERSTEIN(WassersteinTerm.TYPE, WassersteinTerm.KEYS, WassersteinTerm::parse),
    MMD(MmdTerm.TYPE, MmdTerm.KEYS, MmdTerm::parse);

    /** Parses one term object (its defaults already under it). */
    interface Parser {
        ObjectiveTerm parse(StrictConfig term, RewardConfig rewards);
    }

    final String configName;
    final Set<String> keys;
    final Parser parser;

    TermType(String configName, Set<String> keys, Parser parser) {
        this.configName = configName;
        this.keys = keys;
        this.parser = parser;
    }

    /** All config names, in declaration order. */
    static List<String> names() {
        return Arrays.stream(values()).map(t -> t.configName).toList();
    }

    /** The type named {@code name}, or {@code null}. */
    static TermType byName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.configName.equals(name))
                .findFirst()
                .orElse(null);
    }
}
