import type { BlockSource } from './block-source.js';
import { GridDigest } from './block-grid.js';
import type { DeltaProgram } from './delta-program.js';
import { DeltaError } from './errors.js';
import type { LiteralSpool } from './literal-spool.js';
import { SEG_LITERAL } from './segment-list.js';

const PIECE = 1024 * 1024;

/** Where a program's copies come from. Pieces are views valid until the next one is pulled. */
export interface ProgramBase {
  range(from: number, length: number): AsyncGenerator<Uint8Array>;
}

/** A base read once, front to back, as it streams in (for programs whose copies are in order). */
export class StreamedBase implements ProgramBase {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;
  /** Bytes of the base consumed so far. */
  position = 0;

  constructor(stream: AsyncIterable<Uint8Array>) {
    this.iterator = stream[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    while (this.at >= this.chunk.length) {
      const next = await this.iterator.next();
      if (next.done) return false;
      this.chunk = next.value;
      this.at = 0;
    }
    return true;
  }

  async *range(from: number, length: number): AsyncGenerator<Uint8Array> {
    if (from < this.position)
      throw new DeltaError(
        'corrupt',
        `a copy goes back to offset ${from} of a base read once, front to back`,
      );
    await this.skip(from - this.position);
    for (let left = length; left > 0;) {
      if (!(await this.fill())) throw new DeltaError('truncated', `the base ends at ${this.position} bytes`);
      const n = Math.min(left, this.chunk.length - this.at);
      const piece = this.chunk.subarray(this.at, this.at + n);
      this.at += n;
      this.position += n;
      left -= n;
      yield piece;
    }
  }

  /** Reads the rest of the base; returns its total size. */
  async drain(): Promise<number> {
    while (await this.fill()) {
      this.position += this.chunk.length - this.at;
      this.at = this.chunk.length;
    }
    return this.position;
  }

  private async skip(n: number): Promise<void> {
    for (let left = n; left > 0;) {
      if (!(await this.fill())) throw new DeltaError('truncated', `the base ends at ${this.position} bytes`);
      const step = Math.min(left, this.chunk.length - this.at);
      this.at += step;
      this.position += step;
      left -= step;
    }
  }
}

/** A base with random access (a file on disk). */
export function randomBase(source: BlockSource): ProgramBase {
  return {
    async *range(from: number, length: number): AsyncGenerator<Uint8Array> {
      for (let offset = from; offset < from + length; offset += PIECE)
        yield await source.read(offset, Math.min(PIECE, from + length - offset));
    },
  };
}

/**
 * The file a program describes, from its base and the spool, in pieces (views valid until the next is
 * pulled: the caller writes each before asking for more). Its size and content digest are checked
 * against the program; a mismatch throws after the last piece, before the caller commits the file.
 */
export async function* applyProgram(
  program: DeltaProgram,
  base: ProgramBase,
  spool: LiteralSpool,
): AsyncGenerator<Uint8Array> {
  const digest = GridDigest.of(program.header, program.grid);
  const scratch = Buffer.allocUnsafe(Math.min(PIECE, Math.max(1, program.newSize)));
  const s = program.segments;
  for (let i = 0; i < s.count; i++) {
    const source = s.sources[i] as number;
    const length = s.lengths[i] as number;
    if (s.kinds[i] === SEG_LITERAL) {
      for (let done = 0; done < length; done += scratch.length) {
        const piece = await spool.read(source + done, Math.min(scratch.length, length - done), scratch);
        digest.update(piece);
        yield piece;
      }
    } else {
      for await (const piece of base.range(source, length)) {
        digest.update(piece);
        yield piece;
      }
    }
  }
  if (digest.size !== program.newSize)
    throw new DeltaError('corrupt', `rebuilt ${digest.size} bytes where the delta says ${program.newSize}`);
  if (!digest.digest().equals(program.newDigest))
    throw new DeltaError(
      'mismatch',
      'the rebuilt file does not match its digest (wrong base or damaged delta)',
    );
}
