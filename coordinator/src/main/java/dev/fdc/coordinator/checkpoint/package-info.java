/**
 * Durable coordinator checkpoints. A {@link dev.fdc.coordinator.checkpoint.CheckpointState} holds
 * everything a resume needs (parameters, base, optimizer moments, ledger and RNG counters,
 * statistics, schedule state, clipping threshold); {@link
 * dev.fdc.coordinator.checkpoint.CheckpointCodec} turns it into a Kryo byte stream with a magic
 * number and a format version, so an old checkpoint is read or refused with a message naming the
 * file and the versions. {@link dev.fdc.coordinator.checkpoint.CheckpointStore} writes each
 * checkpoint to a temp file, fsyncs it, renames it atomically, fsyncs the directory and then writes
 * a manifest (file name, size, SHA-256, epoch) the same way: a checkpoint without a valid manifest
 * is incomplete and never loaded. It keeps the last N complete checkpoints, refuses writes of an
 * older coordinator epoch than one on disk, persists the epoch a restarted coordinator takes, and
 * on load returns the newest complete checkpoint that verifies, skipping corrupted or incomplete
 * ones with a warning. Every file goes through the one {@link
 * dev.fdc.coordinator.checkpoint.AtomicFileWriter}.
 */
package dev.fdc.coordinator.checkpoint;
