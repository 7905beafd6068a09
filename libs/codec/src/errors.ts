export type CodecErrorCode =
  | 'wrong-key' // passphrase does not open the stream
  | 'corrupt' // bytes differ from what was written (hash, tag, CRC, decompressor error)
  | 'truncated' // the stream or a segment ends early
  | 'missing-key' // the stream is encrypted and no passphrase was given
  | 'tool' // an external compressor (bzip2/xz/zstd CLI) is missing or failed
  | 'unsupported'; // options or params this codec cannot handle

/** The only error type @freezer/codec throws; `message` is one line fit for a CLI. */
export class CodecError extends Error {
  constructor(
    readonly code: CodecErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CodecError';
  }
}

export function isCodecError(err: unknown, code?: CodecErrorCode): err is CodecError {
  return err instanceof CodecError && (code === undefined || err.code === code);
}
