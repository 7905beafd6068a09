// Micro-benchmark of @freezer/codec: encode/decode MB/s per codec with 1 and 2 compression workers.
// Run: node --import tsx libs/codec/bench.ts [MB]   (input: the start of a tar of /usr/lib + /usr/share)
import { execFileSync } from 'node:child_process';
import { decode, encode, type CompressionName, type EncryptionFormat } from './src/index.js';

const MB = 1_000_000;
const size = Number(process.argv[2] ?? 64) * MB;
const passphrase = Buffer.from('bench passphrase');

function realData(bytes: number): Buffer {
  // Mixed real files (text, binaries, already-compressed docs): closer to a backup than random bytes.
  return execFileSync('bash', ['-c', `tar -c -C /usr lib share 2>/dev/null | head -c ${bytes}`], {
    maxBuffer: bytes + 1024,
  });
}

async function* chunks(data: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += 1 << 20) yield data.subarray(i, i + (1 << 20));
}

async function run(
  data: Buffer,
  compression: CompressionName,
  encryption: EncryptionFormat,
  concurrency: number,
) {
  const t0 = process.hrtime.bigint();
  const result = encode(chunks(data), {
    compression,
    encryption,
    passphrase,
    segmentSize: 32 * 1024 * 1024,
    concurrency,
  });
  const stored: Uint8Array[] = [];
  for await (const segment of result.segments) stored.push(segment);
  const summary = await result.summary;
  const t1 = process.hrtime.bigint();
  let out = 0;
  for await (const chunk of decode(chunks(Buffer.concat(stored)), summary.params, passphrase, {
    concurrency,
  }))
    out += chunk.length;
  const t2 = process.hrtime.bigint();
  if (out !== data.length) throw new Error(`decoded ${out} bytes, expected ${data.length}`);
  const seconds = (a: bigint, b: bigint): number => Number(b - a) / 1e9;
  return {
    ratio: data.length / summary.storedBytes,
    encode: data.length / MB / seconds(t0, t1),
    decode: data.length / MB / seconds(t1, t2),
    layout: summary.params.layout,
  };
}

const cases: [CompressionName, EncryptionFormat, number][] = [
  ['none', 'none', 1],
  ['none', 'aes-256-gcm', 1],
  ['zstd', 'none', 1],
  ['zstd', 'aes-256-gcm', 1],
  ['gzip', 'none', 1],
  ['gzip', 'openssl', 1],
  ['bzip2', 'none', 0.25],
  ['xz', 'none', 0.125],
];

const full = realData(size);
console.log(
  `input: ${(full.length / MB).toFixed(0)} MB of tar(/usr/lib /usr/share); bzip2 uses 1/4, xz 1/8 of it`,
);
console.log('codec               layout  ratio  enc MB/s 1 core  enc MB/s 2 cores  dec MB/s 1  dec MB/s 2');
for (const [compression, encryption, share] of cases) {
  const data = full.subarray(0, Math.floor(full.length * share));
  const one = await run(data, compression, encryption, 1);
  const two = await run(data, compression, encryption, 2);
  console.log(
    `${`${compression}+${encryption}`.padEnd(20)}${one.layout.padEnd(8)}${one.ratio.toFixed(2).padStart(5)}` +
      `${one.encode.toFixed(1).padStart(16)}${two.encode.toFixed(1).padStart(18)}` +
      `${one.decode.toFixed(1).padStart(12)}${two.decode.toFixed(1).padStart(12)}`,
  );
}
