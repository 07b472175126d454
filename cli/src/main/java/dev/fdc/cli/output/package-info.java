/**
 * What a run leaves on disk and on the terminal: the run directory layout
 * ({@link dev.fdc.cli.output.RunDirectory}), files written atomically
 * ({@link dev.fdc.cli.output.AtomicFiles}), {@code metrics.jsonl}
 * ({@link dev.fdc.cli.output.MetricsWriter}), PNG plots ({@link dev.fdc.cli.output.Plots}),
 * sample CSVs and the progress display (a bar on a terminal, log lines otherwise).
 */
package dev.fdc.cli.output;
