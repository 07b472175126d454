package dev.fdc.coordinator.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every user error in fdc.objective is a {@link BadConfigException} whose path names the offending
 * key (checked exactly) and whose message says what was expected (checked by a fragment).
 */
class ObjectiveConfigErrorTest {

    private static final String R = "reward { name = linear }";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
      terms = [{ type = cvar, beta = 1.5, REWARD }]                  | fdc.objective.terms[0].beta | (0, 1)
      terms = [{ type = cvar, beta = 0, REWARD }]                    | fdc.objective.terms[0].beta | (0, 1)
      terms = [{ type = cvar, beta = abc, REWARD }]                  | fdc.objective.terms[0].beta | quantile level
      terms = [{ type = superquantile, beta = 1, REWARD }]           | fdc.objective.terms[0].beta | (0, 1)
      terms = [{ type = foo }]                                       | fdc.objective.terms[0].type | unknown value 'foo'
      terms = [{ beta = 0.1 }]                                       | fdc.objective.terms[0].type | missing
      terms = [{ type = kl, alpha = 1, betta = 2 }]                  | fdc.objective.terms[0].betta | unknown key
      terms = [{ type = kl, alpha = 1, weight = 1 }]                 | fdc.objective.terms[0].weight | [alpha, epsilon, type]
      terms = [{ type = entropy, weight = -1 }]                      | fdc.objective.terms[0].weight | ≥ 0
      terms = [{ type = mmd, alpha = -0.1 }]                         | fdc.objective.terms[0].alpha | ≥ 0
      terms = [{ type = mmd, alpha = 1, bandwidth = 0 }]             | fdc.objective.terms[0].bandwidth | > 0
      terms = [{ type = kl }]                                        | fdc.objective.terms[0].alpha | missing
      terms = [{ type = kl, alpha = 1, epsilon = 1 }]                | fdc.objective.terms[0].epsilon | (0, 1)
      terms = [{ type = renyi, alpha = 1, order = 1 }]               | fdc.objective.terms[0].order | ≠ 1
      terms = [{ type = renyi, alpha = 1, order = -2 }]              | fdc.objective.terms[0].order | > 0
      terms = [{ type = renyi, alpha = 1 }]                          | fdc.objective.terms[0].order | missing
      terms = [{ type = renyi, alpha = 1, order = 2, ode-steps = 0 }]  | fdc.objective.terms[0].ode-steps | integer ≥ 1
      terms = [{ type = wasserstein, alpha = 1, ground-metric = [[1, 0], [0]] }]       | fdc.objective.terms[0].ground-metric[1] | rectangular
      terms = [{ type = wasserstein, alpha = 1, ground-metric = [[1, 0, 0], [0, 1, 0]] }] | fdc.objective.terms[0].ground-metric | square
      terms = [{ type = wasserstein, alpha = 1, ground-metric = [[1, 2], [2, 4]] }]    | fdc.objective.terms[0].ground-metric | singular
      terms = [{ type = wasserstein, alpha = 1, ground-metric = [[1, x], [0, 1]] }]    | fdc.objective.terms[0].ground-metric[0][1] | a number
      terms = [{ type = wasserstein, alpha = 1, ground-metric = 3 }]                   | fdc.objective.terms[0].ground-metric | list of rows
      terms = [{ type = wasserstein, alpha = 1, critic { hidden = [0] } }]             | fdc.objective.terms[0].critic.hidden[0] | integer ≥ 1
      terms = [{ type = wasserstein, alpha = 1, critic { act = relu } }]               | fdc.objective.terms[0].critic.act | unknown key
      terms = [{ type = cvar, beta = 0.1 }]                          | fdc.objective.terms[0].reward | missing
      terms = [{ type = cvar, reward { name = bogus } }]             | fdc.objective.terms[0].reward.name | risk_averse
      terms = [{ type = cvar, reward { name = linear, scalars { s = x } } }] | fdc.objective.terms[0].reward.scalars.s | a number
      terms = [{ type = cvar, reward { name = linear, torchscript = r.pt } }] | fdc.objective.terms[0].reward.torchscript | not both
      terms = [{ type = d-optimal, features = cubic }]               | fdc.objective.terms[0].features | [identity, quadratic]
      terms = [{ type = a-optimal, lambda = 0 }]                     | fdc.objective.terms[0].lambda | > 0
      terms = [{ type = mean-variance, lambda = -1, REWARD }]        | fdc.objective.terms[0].lambda | ≥ 0
      terms = [{ type = entropy }, { type = kl, alpha = 2, epsilon = 0 }] | fdc.objective.terms[1].epsilon | (0, 1)
      terms = [3]                                                    | fdc.objective.terms[0] | an object
      terms = []                                                     | fdc.objective.terms | at least one
      terms = 3                                                      | fdc.objective.terms | list of objects
      terms = [{ type = entropy }], foo = 1                          | fdc.objective.foo | unknown key
      terms = [{ type = cvar, REWARD }], defaults.cvar.beta = 2      | fdc.objective.defaults.cvar.beta | (0, 1)
      terms = [{ type = entropy }], defaults.foo { }                 | fdc.objective.defaults.foo | term type
      terms = [{ type = entropy }], defaults.kl.weight = 1           | fdc.objective.defaults.kl.weight | unknown key
      """)
    void namesTheKey(String body, String path, String expected) {
        String hocon = "fdc.objective { " + body.replace("REWARD", R) + " }";
        BadConfigException e = assertThrows(
                BadConfigException.class, () -> ObjectiveConfig.parse(ConfigFactory.parseString(hocon)), hocon);
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
