package io.neuroquantum.optimizer.encode;

import java.util.Map;

/**
 * A solver's spins read back in the problem's own terms.
 *
 * @param objective     the value in the problem's terms (cut weight, tour length, colours used, ...)
 * @param objectiveName what {@code objective} measures
 * @param valid         whether {@code solution} is feasible for the original problem
 * @param solution      the decoded solution (JSON-friendly: arrays, lists, numbers)
 * @param details       encoding-specific facts (raw vs repaired/polished values, conflicts, ...)
 */
public record Decoded(double objective, String objectiveName, boolean valid, Object solution,
                      Map<String, Object> details) {
}
