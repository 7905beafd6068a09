// @freezer/delta: the rsync algorithm, streaming. See docs/agent.md ("--engine rsync") for the formats.
export { DeltaError, type DeltaErrorCode } from './errors.js';
export { chooseBlockSize, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE } from './block-size.js';
export { weakHash, rollWeak, outFactor } from './weak-hash.js';
export { strongHash, STRONG_BYTES } from './strong-hash.js';
export { signatureBytes } from './signature-format.js';
export { SignatureBuilder, signatureOf } from './signature-builder.js';
export { BlockIndex } from './block-index.js';
export { encodeDelta, type DeltaStats } from './delta-encoder.js';
export { applyDelta, type DeltaHeader, type PatchOptions } from './patch.js';
export { fileBlockSource, type BlockSource } from './block-source.js';
// Engines reuse it to read their own chunked binary formats.
export { ByteReader } from './byte-reader.js';
