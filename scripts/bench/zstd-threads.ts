// Where should zstd run: synchronously on the main thread (what the codec does) or in worker threads,
// one per core, each with its own context, blocks and frames in SharedArrayBuffer pools (nothing copied
// between threads)? Each variant runs in its own process over the same tar stream, doing the agent's
// other per-block work on the main thread too (AES-256-GCM and SHA-256 of the result); printed are wall
// and CPU seconds and the process's peak RSS, side by side in one run.
//   node --import tsx scripts/bench/zstd-threads.ts DIR [--level 3] [--rounds 2]
import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type * as Zstd from 'zstd-napi/binding';

const BLOCK = 2 * 1024 * 1024;
const bindingPath = createRequire(import.meta.url).resolve('zstd-napi/binding');
const binding = createRequire(import.meta.url)(bindingPath) as typeof Zstd;
const BOUND = binding.compressBound(BLOCK);

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};

/** The tar stream of `dir`, cut into BLOCK-sized pieces copied into `take()`'s buffers. */
async function* blocksOf(dir: string, take: () => Buffer): AsyncGenerator<{ block: Buffer; length: number }> {
  const tar = spawn('tar', ['-c', '-C', dir, '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let block = take();
  let filled = 0;
  for await (const chunk of tar.stdout as AsyncIterable<Buffer>) {
    for (let at = 0; at < chunk.length;) {
      const n = Math.min(BLOCK - filled, chunk.length - at);
      chunk.copy(block, filled, at, at + n);
      filled += n;
      at += n;
      if (filled === BLOCK) {
        yield { block, length: filled };
        block = take();
        filled = 0;
      }
    }
  }
  if (filled > 0) yield { block, length: filled };
}

/** The agent's main-thread work per frame: seal it and hash the sealed bytes. */
function seal(frame: Buffer, key: Buffer, index: number, hash: ReturnType<typeof createHash>): number {
  const nonce = Buffer.alloc(12);
  nonce.writeUInt32BE(index, 8);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const sealed = cipher.update(frame);
  cipher.final();
  hash.update(sealed);
  return sealed.length + 16;
}

async function onMainThread(dir: string, level: number): Promise<number> {
  const cctx = new binding.CCtx();
  const input = Buffer.allocUnsafeSlow(BLOCK);
  const output = Buffer.allocUnsafeSlow(BOUND);
  const key = randomBytes(32);
  const hash = createHash('sha256');
  let stored = 0;
  let index = 0;
  for await (const { block, length } of blocksOf(dir, () => input)) {
    const size = cctx.compress(output, block.subarray(0, length), level);
    stored += seal(output.subarray(0, size), key, index++, hash);
  }
  return stored;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const binding = require(workerData.bindingPath);
const cctx = new binding.CCtx();
const inputs = Buffer.from(workerData.inputs);
const outputs = Buffer.from(workerData.outputs);
parentPort.on('message', ({ slot, length }) => {
  const src = inputs.subarray(slot * workerData.block, slot * workerData.block + length);
  const dst = outputs.subarray(slot * workerData.bound, (slot + 1) * workerData.bound);
  parentPort.postMessage({ slot, size: cctx.compress(dst, src, workerData.level) });
});
`;

async function inWorkers(dir: string, level: number, threads: number): Promise<number> {
  // Two blocks per worker in flight plus the one being filled.
  const slots = threads * 2 + 1;
  const inputs = new SharedArrayBuffer(slots * BLOCK);
  const outputs = new SharedArrayBuffer(slots * BOUND);
  const inputView = Buffer.from(inputs);
  const outputView = Buffer.from(outputs);
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(WORKER, {
        eval: true,
        workerData: { bindingPath, inputs, outputs, block: BLOCK, bound: BOUND, level },
      }),
  );
  const waiting = new Map<number, (size: number) => void>();
  for (const w of workers)
    w.on('message', ({ slot, size }: { slot: number; size: number }) => waiting.get(slot)?.(size));
  const free = Array.from({ length: slots }, (_, i) => i);
  const slotOf = new Map<Buffer, number>();
  const take = (): Buffer => {
    const slot = free.pop() as number;
    const view = inputView.subarray(slot * BLOCK, (slot + 1) * BLOCK);
    slotOf.set(view, slot);
    return view;
  };
  const key = randomBytes(32);
  const hash = createHash('sha256');
  const pending: { slot: number; done: Promise<number> }[] = [];
  let stored = 0;
  let index = 0;
  let next = 0;
  const finishHead = async (): Promise<void> => {
    const head = pending.shift() as { slot: number; done: Promise<number> };
    const size = await head.done;
    stored += seal(outputView.subarray(head.slot * BOUND, head.slot * BOUND + size), key, index++, hash);
    free.push(head.slot);
  };
  try {
    for await (const { block, length } of blocksOf(dir, take)) {
      const slot = slotOf.get(block) as number;
      slotOf.delete(block);
      const done = new Promise<number>((resolve) => waiting.set(slot, resolve));
      (workers[next++ % threads] as Worker).postMessage({ slot, length });
      pending.push({ slot, done });
      if (free.length === 0) await finishHead();
    }
    while (pending.length > 0) await finishHead();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return stored;
}

const variant = option('variant', '');
const dir = args[0] as string;
const level = Number(option('level', '3'));
if (variant !== '') {
  const start = process.hrtime.bigint();
  const stored =
    variant === 'main'
      ? await onMainThread(dir, level)
      : await inWorkers(dir, level, Number(variant.replace('workers-', '')));
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
  process.stdout.write(JSON.stringify({ variant, wall, stored, hwm }) + '\n');
} else {
  if (!dir) {
    console.error('usage: zstd-threads.ts DIR [--level N] [--rounds N]');
    process.exit(2);
  }
  const cores = availableParallelism();
  const variants = ['main', `workers-${cores}`, ...(cores > 1 ? [`workers-${cores - 1}`] : [])];
  console.log(`| variant | wall s | CPU s (with tar) | peak RSS MB | stored MB |`);
  console.log(`|---|---:|---:|---:|---:|`);
  for (let round = 0; round < Number(option('rounds', '2')); round++) {
    for (const v of variants) {
      const r = spawnSync(
        '/usr/bin/time',
        [
          '-f',
          '%U %S',
          process.execPath,
          ...process.execArgv,
          import.meta.filename,
          dir,
          '--variant',
          v,
          '--level',
          String(level),
        ],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`${v} failed: ${r.stderr}`);
      const out = JSON.parse(r.stdout) as { wall: number; stored: number; hwm: number };
      const [user, sys] = r.stderr.trim().split('\n').pop()?.split(' ').map(Number) ?? [0, 0];
      console.log(
        `| ${v} | ${out.wall.toFixed(2)} | ${((user ?? 0) + (sys ?? 0)).toFixed(2)} | ${out.hwm.toFixed(0)} | ${(out.stored / 1e6).toFixed(1)} |`,
      );
    }
  }
}
