/**
 * The wire protocol between the coordinator and its workers, without Pekko or DJL: the generated
 * protobuf messages of {@code dev.fdc.protocol.v1} (tasks, results, failures, progress, worker
 * membership, linearized rewards) and the plain-Java codec that moves flat {@code float[]} tensors
 * through them. A tensor travels as little-endian fp32 or bf16 bytes ({@link
 * dev.fdc.protocol.TensorCodec}, {@link dev.fdc.protocol.Bf16}), cut by {@link
 * dev.fdc.protocol.ChunkSplitter} into chunks of at most {@link
 * dev.fdc.protocol.ChunkLayout#MAX_CHUNK_BYTES} bytes laid out as {@link
 * dev.fdc.protocol.ChunkLayout} prescribes, each with a CRC32C ({@link dev.fdc.protocol.Crc32c}),
 * and put back together by a {@link dev.fdc.protocol.ChunkAssembler}, which accepts chunks in any
 * order and rejects every malformed, foreign or conflicting chunk with a {@link
 * dev.fdc.protocol.ChunkRejectedException} that names the chunk and the field at fault. Task ids and
 * parameter versions have stable string forms ({@link dev.fdc.protocol.TaskIdFormat}, {@link
 * dev.fdc.protocol.ParameterVersionFormat}) for logs, ledgers and error messages.
 */
package dev.fdc.protocol;
