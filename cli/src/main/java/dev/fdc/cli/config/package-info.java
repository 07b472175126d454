/**
 * The run config: HOCON layered as reference.conf (every module's defaults) ← the run's config
 * file (or the bundled {@code default.conf}) ← {@code --set path=value} overrides
 * ({@link dev.fdc.cli.config.SetOverride}), checked for unknown keys under {@code fdc}
 * ({@link dev.fdc.cli.config.KnownKeys}) and for bad values by each section's parser, all before a
 * run directory exists ({@link dev.fdc.cli.config.RunConfigLoader}). {@code fdc.model} names the
 * pre-trained model ({@link dev.fdc.cli.config.ModelConfig}).
 */
package dev.fdc.cli.config;
