import { decompressStream } from './compressors.js';
import { opensslDecrypt } from './openssl.js';
import type { StreamParams } from './types.js';

export function decodePlain(
  stored: AsyncIterable<Uint8Array>,
  params: StreamParams,
  passphrase: Uint8Array | undefined,
): AsyncIterable<Uint8Array> {
  const compressed =
    params.encryption === 'openssl' ? opensslDecrypt(stored, params, passphrase as Uint8Array) : stored;
  return decompressStream(params.compression, compressed);
}
