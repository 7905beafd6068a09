import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BlockPool } from '../src/blocks.js';
import { compressBlock, decompressBlock } from '../src/compressors.js';
import { CodecError, type StreamParams } from '../src/index.js';
import { zstdCompressBound } from '../src/zstd-binding.js';
import { requireBinaries, sh } from './cli.js';
import { caught, decodeAll, encodeAll, mixedData, wordData } from './helpers.js';

// Streams written by the codec while it used @mongodb-js/zstd 1.2.2 (libzstd on the libuv pool), kept as
// bytes: every backup made before the switch must still decode.
const fixtures = join(import.meta.dirname, 'fixtures');
const oldStream = (name: string): { stored: Buffer; params: StreamParams } => ({
  stored: readFileSync(join(fixtures, `old-binding-${name}.bin`)),
  params: JSON.parse(readFileSync(join(fixtures, `old-binding-${name}.json`), 'utf8')) as StreamParams,
});
const OLD_INPUT = wordData(200_000);
const OLD_PASSPHRASE = Buffer.from('old binding fixture');

beforeAll(() => requireBinaries('zstd'));

describe('zstd frames into reused buffers', () => {
  it('decodes streams the previous binding wrote (unencrypted and AES-256-GCM)', async () => {
    const plain = oldStream('zstd');
    expect((await decodeAll(plain.stored, plain.params)).equals(OLD_INPUT)).toBe(true);
    const sealed = oldStream('zstd-aes');
    expect((await decodeAll(sealed.stored, sealed.params, OLD_PASSPHRASE)).equals(OLD_INPUT)).toBe(true);
  });

  it('writes the same record format: an unencrypted stream of the same input decodes alike', async () => {
    const plain = oldStream('zstd');
    const { segments, summary } = await encodeAll(OLD_INPUT, {
      compression: 'zstd',
      encryption: 'none',
      segmentSize: 1 << 20,
      blockSize: 65536,
    });
    const stored = Buffer.concat(segments);
    expect(summary.params).toEqual(plain.params);
    // Same header, same record count and raw lengths; the frames themselves may differ by libzstd version.
    expect(stored.subarray(0, 16).equals(plain.stored.subarray(0, 16))).toBe(true);
    expect((await decodeAll(stored, summary.params)).equals(OLD_INPUT)).toBe(true);
  });

  it('writes frames the zstd CLI decodes, reusing one output buffer for every block', async () => {
    const outputs = new BlockPool(zstdCompressBound(1 << 20), 1);
    const first = await compressBlock('zstd', 3, mixedData(1 << 20), outputs);
    const firstBytes = Buffer.from(first);
    outputs.release(first);
    const input = wordData(1 << 20);
    const second = await compressBlock('zstd', 19, input, outputs);
    // The pool took the first frame's memory back (moved, not freed: the stale view is emptied) and the
    // second frame was written into it.
    expect(first.length).toBe(0);
    expect(outputs.owns(second)).toBe(true);
    expect(sh('zstd -dcq', second).equals(input)).toBe(true);
    expect(sh('zstd -dcq', firstBytes).length).toBe(1 << 20);
  });

  it('decompresses into a pooled block and rejects a damaged or oversized frame with a CodecError', async () => {
    const input = wordData(300_000);
    const frame = sh('zstd -3 -c', input);
    const outputs = new BlockPool(1 << 20, 1);
    const out = await decompressBlock('zstd', frame, input.length, outputs);
    expect(outputs.owns(out)).toBe(true);
    expect(out.equals(input)).toBe(true);
    outputs.release(out);

    const damaged = Buffer.from(frame);
    for (let at = damaged.length >> 1; at < (damaged.length >> 1) + 2; at++)
      damaged.writeUInt8(damaged.readUInt8(at) ^ 0xff, at);
    const corrupt = await caught(() => decompressBlock('zstd', damaged, input.length, outputs));
    expect(corrupt).toBeInstanceOf(CodecError);
    expect(corrupt.message).toMatch(/^zstd data is damaged: zstd: /);
    // One byte fewer recorded than the frame holds: the frame must not overrun its output.
    const tooBig = await caught(() => decompressBlock('zstd', frame, input.length - 1, outputs));
    expect(tooBig).toBeInstanceOf(CodecError);
    const truncated = await caught(() => decompressBlock('zstd', frame.subarray(0, 100), input.length));
    expect(truncated).toBeInstanceOf(CodecError);
  });
});
