/**
 * One class per {@code fdc} subcommand: {@code pretrain} (flow matching on a built-in 2-D dataset),
 * {@code sample} (CSV samples of a model), {@code train} (a new FDC run) and {@code resume} (an
 * interrupted run). Each parses and validates all of its input before it writes anything.
 */
package dev.fdc.cli.commands;
