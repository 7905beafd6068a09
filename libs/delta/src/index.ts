// @freezer/delta: the rsync algorithm, streaming. See docs/agent.md ("--engine rsync") for the formats.
export { DeltaError, type DeltaErrorCode } from './errors.js';
export { chooseBlockSize, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE } from './block-size.js';
export { weakHash, rollWeak, outFactor } from './weak-hash.js';
export { strongHash, STRONG_BYTES } from './strong-hash.js';
export { ContentDigest, DIGEST_BYTES } from './content-digest.js';
export { signatureBytes } from './signature-format.js';
export { SignatureBuilder, signatureOf } from './signature-builder.js';
export { BlockIndex } from './block-index.js';
export { encodeDelta, type DeltaStats, type EncodeOptions } from './delta-encoder.js';
export type { DeltaHeader } from './delta-format.js';
export { applyDelta, type PatchOptions } from './patch.js';
export { fileBlockSource, type BlockSource } from './block-source.js';
export { LiteralSpool } from './literal-spool.js';
export { appliesTo, composePrograms, readDeltaProgram, type DeltaProgram } from './delta-program.js';
export { applyProgram, randomBase, StreamedBase, type ProgramBase } from './program-apply.js';
// Engines reuse it to read their own chunked binary formats.
export { ByteReader } from './byte-reader.js';
