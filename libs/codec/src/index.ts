// @freezer/codec: turns a tar byte stream into stored segments and back.
// See docs/agent-formats.md for the byte formats.
export type {
  CompressionName,
  EncryptionFormat,
  StreamLayout,
  EncodeOptions,
  ScryptParams,
  StreamParams,
  StreamUnit,
  StreamRange,
  SegmentDigest,
  EncodeSummary,
  EncodeResult,
  DecodeOptions,
  VerifyOptions,
} from './types.js';
export { CodecError, isCodecError, type CodecErrorCode } from './errors.js';
export { encode } from './encode.js';
export { decode } from './decode.js';
export { verify } from './verify.js';
export { decodeRange, type RangeReader } from './range-decode.js';
export { sealSmall, openSmall, isSealed, type SealOptions } from './seal.js';
export { passphraseFromFile } from './passphrase.js';
export { newKdfSalt } from './kdf.js';
export { layoutFor, defaultCompressionLevel, stockStreamParams, parseStreamParams } from './params.js';
export { releaseBuffer, releaseFrees } from './buffer-release.js';
