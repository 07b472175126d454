package dev.fdc.workers.exec;

import dev.fdc.protocol.v1.StatisticsResult;
import java.util.Map;

/**
 * The raw arrays of a statistics task by name, each flat row-major: {@code samples} [n, d],
 * {@code rewards} [n], {@code features} [n, p], {@code log_p} and {@code log_p_pre} [n]; only
 * those the task asked for. The summary lists them as TensorInfos.
 */
public record StatisticsOutcome(StatisticsResult summary, Map<String, float[]> arrays) {}
