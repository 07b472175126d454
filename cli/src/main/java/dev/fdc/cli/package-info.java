/**
 * The {@code fdc} launcher: the picocli entry point {@link dev.fdc.cli.Fdc} and the errors a user
 * can cause ({@link dev.fdc.cli.BadInputException}, exit code 2). Subpackages: {@code commands}
 * (one class per subcommand), {@code config} (HOCON layering, {@code --set}, unknown keys),
 * {@code model} (pre-trained model files), {@code output} (run directories, metrics, plots,
 * progress) and {@code train} (the backend {@code fdc train} runs on).
 */
package dev.fdc.cli;
