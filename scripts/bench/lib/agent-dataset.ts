// Deterministic benchmark dataset: many small text files, medium binaries (some compressible), and two
// large partly compressible files. The same seed and size always give the same bytes.
import { createCipheriv } from 'node:crypto';
import {
  appendFileSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

const WORDS =
  'backup restore level chain segment storage freezer agent tar zstd gzip archive snapshot incremental volume ' +
  'container metadata node stream block hash key cipher policy retention daily weekly monthly host name path';
const WORD_LIST = WORDS.split(' ');

/** AES-128-CTR keystream: fast deterministic pseudo-random bytes. */
class Bytes {
  private readonly cipher;
  constructor(seed: number) {
    const key = Buffer.alloc(16);
    key.writeUInt32BE(seed >>> 0, 0);
    this.cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  }
  random(n: number): Buffer {
    return this.cipher.update(Buffer.alloc(n));
  }
  int(max: number): number {
    return this.random(4).readUInt32BE(0) % max;
  }
  text(n: number): Buffer {
    const raw = this.random(n);
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; length < n; i++) {
      const word = WORD_LIST[(raw[i % raw.length] ?? 0) % WORD_LIST.length] as string;
      const sep = i % 12 === 11 ? '\n' : ' ';
      parts.push(word + sep);
      length += word.length + 1;
    }
    return Buffer.from(parts.join('').slice(0, n));
  }
  /** Alternating 1 MiB random and 1 MiB text: compresses to roughly 60%. */
  partlyCompressible(n: number, chunk: (b: Buffer) => void): void {
    const MiB = 1024 * 1024;
    for (let done = 0, i = 0; done < n; i++) {
      const size = Math.min(MiB, n - done);
      chunk(i % 2 === 0 ? this.random(size) : this.text(size));
      done += size;
    }
  }
}

export interface DatasetInfo {
  files: number;
  bytes: number;
}

/** ~`sizeMB` MB in ~20 files per MB (20,000 files for 1 GB). */
export function makeDataset(root: string, sizeMB: number): DatasetInfo {
  rmSync(root, { recursive: true, force: true });
  const rng = new Bytes(20261125);
  const total = sizeMB * 1024 * 1024;
  let files = 0;
  let bytes = 0;
  const put = (path: string, data: Buffer): void => {
    writeFileSync(path, data);
    files++;
    bytes += data.length;
  };
  // Two large files, 20% of the size each.
  mkdirSync(join(root, 'db'), { recursive: true });
  for (const name of ['db/big-1.dat', 'db/big-2.dat']) {
    const fd = openSync(join(root, name), 'w');
    rng.partlyCompressible(Math.floor(total * 0.2), (b) => writeSync(fd, b));
    closeSync(fd);
    files++;
    bytes += Math.floor(total * 0.2);
  }
  // Medium binaries: 40% of the size, 64–640 KB each, half random half text.
  const mediumBudget = total * 0.4;
  for (let used = 0, i = 0; used < mediumBudget; i++) {
    const dir = join(root, 'media', `d${i % 40}`);
    if (i < 40) mkdirSync(dir, { recursive: true });
    const size = 65536 + rng.int(589824);
    put(join(dir, `blob-${i}.bin`), i % 2 === 0 ? rng.random(size) : rng.text(size));
    used += size;
  }
  // Small text files for the rest, ~1–8 KB, spread over many directories.
  const smallCount = Math.max(100, Math.round(sizeMB * 18.5));
  const smallBudget = Math.max(total - bytes, smallCount * 1024);
  const avg = Math.max(512, Math.floor(smallBudget / smallCount));
  for (let i = 0; i < smallCount; i++) {
    const dir = join(root, 'src', `m${i % 97}`, `p${i % 13}`);
    if (i < 97 * 13) mkdirSync(dir, { recursive: true });
    put(join(dir, `file-${i}.txt`), rng.text(Math.max(64, Math.floor(avg / 2) + rng.int(avg))));
  }
  return { files, bytes };
}

/** ~1% of files change: small appends, +8 MB to a large file, 20 adds, 20 deletes. */
export function mutateDataset(root: string): void {
  const rng = new Bytes(7);
  const smallDirs = readdirSync(join(root, 'src'));
  let changed = 0;
  for (const m of smallDirs) {
    for (const p of readdirSync(join(root, 'src', m))) {
      const names = readdirSync(join(root, 'src', m, p));
      for (let i = 0; i < names.length; i += 100) {
        appendFileSync(join(root, 'src', m, p, names[i] as string), rng.text(200));
        changed++;
      }
    }
  }
  appendFileSync(join(root, 'db/big-1.dat'), rng.random(8 * 1024 * 1024));
  mkdirSync(join(root, 'src/new'), { recursive: true });
  for (let i = 0; i < 20; i++) writeFileSync(join(root, 'src/new', `added-${i}.txt`), rng.text(4096));
  const media = join(root, 'media/d1');
  for (const name of readdirSync(media).slice(0, 20)) rmSync(join(media, name));
  void changed;
}
