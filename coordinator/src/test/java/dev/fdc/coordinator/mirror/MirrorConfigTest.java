package dev.fdc.coordinator.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fdc.coordinator.objective.BadConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing fdc.mirror, with errors naming the key. */
class MirrorConfigTest {

    private static StepSizeSchedule parse(String hocon) {
        return MirrorConfig.parse(ConfigFactory.parseString(hocon));
    }

    @Test
    void defaultsToConstantEtaOne() {
        StepSizeSchedule s = parse("");
        assertInstanceOf(ConstantSchedule.class, s);
        assertEquals(1.0, s.eta(5), 0.0);
    }

    @Test
    void parsesPowerAndTrustRegion() {
        StepSizeSchedule p = parse("fdc.mirror { schedule = power, eta = 3, power.exponent = 0.6 }");
        assertEquals(3 * Math.pow(10, 0.6), p.eta(10), 1e-12);
        StepSizeSchedule t = parse("fdc.mirror { schedule = trust-region, eta = 2, "
                + "trust-region { target-kl = 0.5, max-factor = 4, eta-min = 1, eta-max = 8 } }");
        t.recordControlCost(1, 50); // factor 10 clamped to 4, then η clamped to 8
        assertEquals(8.0, t.eta(2), 0.0);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
      schedule = cosine                                 | fdc.mirror.schedule | [constant, power, trust-region]
      eta = 0                                           | fdc.mirror.eta | > 0
      eta = fast                                        | fdc.mirror.eta | > 0
      etta = 1                                          | fdc.mirror.etta | unknown key
      schedule = power, power.exponent = 0.5            | fdc.mirror.power.exponent | (0.5, 1]
      schedule = power, power.exponent = 1.5            | fdc.mirror.power.exponent | (0.5, 1]
      power.a = 1                                       | fdc.mirror.power.a | unknown key
      schedule = trust-region, trust-region.max-factor = 1 | fdc.mirror.trust-region.max-factor | > 1
      schedule = trust-region, trust-region.target-kl = -1 | fdc.mirror.trust-region.target-kl | > 0
      schedule = trust-region, trust-region { eta-min = 2, eta-max = 1 } | fdc.mirror.trust-region.eta-max | ≥ eta-min
      schedule = trust-region, eta = 1e6                | fdc.mirror.eta | [eta-min, eta-max]
      """)
    void namesTheKey(String body, String path, String expected) {
        BadConfigException e = assertThrows(BadConfigException.class, () -> parse("fdc.mirror { " + body + " }"));
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
