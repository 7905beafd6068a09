import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  decode,
  encode,
  releaseBuffer,
  type EncodeOptions,
  type EncodeSummary,
  type SegmentDigest,
  type StreamParams,
} from '@freezer/codec';
import type { BackupStorage } from '@freezer/storage';

/**
 * A local file through the same codec as the data (compression, encryption, segments) onto storage.
 * Used for the manifest: it may be megabytes of signatures, so it is streamed, never loaded whole.
 */
export async function storeEncodedFile(
  storage: BackupStorage,
  path: string,
  file: string,
  options: EncodeOptions,
  dryRun: boolean,
): Promise<EncodeSummary> {
  const encoded = encode(freedAfterUse(createReadStream(file, { highWaterMark: 1024 * 1024 })), options);
  if (dryRun) for await (const segment of encoded.segments) void segment;
  else await storage.putSegmented(path, encoded.segments);
  return encoded.summary;
}

/** The encoder copies each chunk before it pulls the next: the file's 1 MiB reads are dead then. */
async function* freedAfterUse(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    yield chunk;
    releaseBuffer(chunk);
  }
}

/**
 * A stored codec stream, checked against its segment digests, decoded into a local file. Each block is
 * written before the next is pulled, so the decoder frees it then (lent) instead of leaving megabytes
 * of dead blocks and storage chunks to the next collection.
 */
export async function fetchDecodedFile(
  storage: BackupStorage,
  path: string,
  params: StreamParams,
  segments: SegmentDigest[],
  passphrase: Uint8Array | undefined,
  file: string,
): Promise<void> {
  const decoded = decode(storage.getSegmented(path), params, passphrase, {
    expected: segments,
    lend: true,
    freeSource: true,
  });
  const handle = await open(file, 'w', 0o600);
  try {
    for await (const block of decoded) {
      for (let done = 0; done < block.length;)
        done += (await handle.write(block, done, block.length - done)).bytesWritten;
    }
  } finally {
    await handle.close();
  }
}
