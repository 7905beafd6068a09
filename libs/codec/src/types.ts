// Public shapes of @freezer/codec. StreamParams is persisted in backup metadata, so every field is
// plain JSON (numbers, strings, hex/base64) and new fields must stay optional.

import type { BackupEncryption, CompressionName as VocabularyCompression } from '@freezer/schema';

// The names are the vocabulary's (libs/schema): the codec implements every compression and format
// the agent offers, and a name added there fails to compile here until it is implemented.
export type CompressionName = VocabularyCompression;
export type EncryptionFormat = BackupEncryption;

/** 'plain' = the stock agent's byte format; 'framed' = ours (records, AEAD, key check). */
export type StreamLayout = 'plain' | 'framed';

export interface EncodeOptions {
  compression: CompressionName;
  /** gzip 1–9 (6), bzip2 1–9 (9), xz 0–9 (6), zstd 1–22 (3); ignored for 'none'. */
  compressionLevel?: number;
  encryption: EncryptionFormat;
  /** The secret: the first line of --encrypt-pass-file (see passphraseFromFile). Required unless encryption is 'none'. */
  passphrase?: Uint8Array;
  /** --max-segment-size: every stored segment is exactly this long except the last. */
  segmentSize: number;
  /** Uncompressed bytes per independently compressed block (default: 2 MiB; 4 MiB for bzip2/xz). */
  blockSize?: number;
  /** Blocks compressed at once (default: os.availableParallelism()). */
  concurrency?: number;
  /**
   * aes-256-gcm: the scrypt salt (base64, 16 bytes) instead of a random one. Streams that share it share
   * the derived key (each still has its own random data key), so a reader opening several of them — a
   * chain's levels and catalogs — pays one derivation, not one each.
   */
  kdfSalt?: string;
  /**
   * How many earlier segments the consumer of `segments` may still read when it pulls the next one
   * (a storage driver's `segmentsHeld`). Given, the encoder cuts into that many + 1 buffers in turn;
   * absent, every segment gets a fresh buffer, since the consumer may keep any of them.
   */
  segmentsHeld?: number;
}

/** scrypt parameters of a framed, encrypted stream (also written in the stream header). */
export interface ScryptParams {
  name: 'scrypt';
  log2_n: number;
  r: number;
  p: number;
  /** base64, 16 bytes */
  salt: string;
}

/**
 * Everything decode() needs besides the stored bytes and the passphrase. JSON-serializable: the engine
 * stores it in the backup's metadata and hands it back unchanged.
 */
export interface StreamParams {
  /** Version of this params shape (1). */
  codec_version: 1;
  layout: StreamLayout;
  compression: CompressionName;
  /** Level used at encode time; informational (null for 'none' or unknown, e.g. stock backups). */
  compression_level: number | null;
  encryption: EncryptionFormat;
  segment_size: number;
  /** Uncompressed bytes per block at encode time (null when unknown, e.g. stock backups). */
  block_size: number | null;
  /** layout 'plain' + encryption 'openssl' only. */
  openssl?: {
    /** EVP_BytesToKey digest; absent = try SHA-256 (OpenSSL ≥ 1.1) then MD5 (OpenSSL 1.0). */
    digest?: 'sha256' | 'md5';
    /** hex, 8 bytes: the salt after `Salted__` (absent for stock backups). */
    salt?: string;
    /** hex, 16 bytes: HMAC-SHA256(key‖iv, "freezer-codec openssl key check v1") truncated (absent for stock backups). */
    key_check?: string;
  };
  /** layout 'framed' + encryption 'aes-256-gcm' only. */
  kdf?: ScryptParams;
  /**
   * layout 'framed' + 'aes-256-gcm' only: the random data key sealed with the scrypt key
   * (base64 of nonce(12) ‖ ciphertext(32) ‖ tag(16)). Opening it is the key check.
   */
  key_check?: string;
}

export interface SegmentDigest {
  bytes: number;
  /** lowercase hex SHA-256 of the stored segment */
  sha256: string;
}

/**
 * Where one independently decodable unit of a stored stream starts: a framed record, a plain stream's
 * compressed member/frame, or (no compression) every block-size bytes. Decoding can begin at any unit.
 */
export interface StreamUnit {
  /** Offset of the unit's first input byte. */
  raw: number;
  /** Offset of its first stored byte (segments concatenated). */
  stored: number;
}

/** A stored byte range covering whole units, as decodeRange() takes it. */
export interface StreamRange {
  /** Index of the range's first unit (framed records are authenticated with their index). */
  unit: number;
  /** Stored offsets [start, end): a unit's start and a later unit's start (or the stream's end). */
  start: number;
  end: number;
}

export interface EncodeSummary {
  /** Bytes read from the input. */
  rawBytes: number;
  /** Bytes of all segments together. */
  storedBytes: number;
  segments: SegmentDigest[];
  params: StreamParams;
  /** Every unit's start, in order, then one entry for the stream's end ({rawBytes, storedBytes}). */
  units: StreamUnit[];
}

export interface EncodeResult {
  /** Pull to drive the whole pipeline (backpressure): nothing is read from the input faster than this is consumed. */
  segments: AsyncIterable<Uint8Array>;
  /** Settles after `segments` is exhausted (rejects with the same error if encoding failed). */
  summary: Promise<EncodeSummary>;
}

export interface DecodeOptions {
  /** When given, each stored segment is hashed as it streams by and checked against this list. */
  expected?: SegmentDigest[];
  /** Blocks decompressed at once for framed streams (default: os.availableParallelism()). */
  concurrency?: number;
  /**
   * The consumer is done with each yielded chunk (written, copied, hashed; no pending asynchronous
   * write still reads it) when it asks for the next one: the decoder then frees the chunk's memory at
   * once instead of leaving it to V8's next collection. A chunk read after that has length 0.
   */
  lend?: boolean;
  /**
   * The stored chunks are the decoder's own (straight from the storage, kept by no one else): with
   * `expected`, each is freed as soon as it is copied into the checked segment buffer.
   */
  freeSource?: boolean;
}

export interface VerifyOptions {
  /**
   * Default true: also decrypt and decompress everything (output discarded). false: segment digests plus,
   * for framed streams, record structure and GCM tags / CRCs only.
   */
  decompress?: boolean;
}
