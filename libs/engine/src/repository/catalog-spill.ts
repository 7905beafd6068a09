import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CatalogDraftEntry } from './point-catalog.js';

/** Lines buffered before a write: what the spill holds in memory at most (about). */
const FLUSH_CHARS = 1 << 20;

/**
 * Lines of JSON written to a file in the point's work directory as they are found and read back once
 * when the point's catalog is made: the agent never holds a point's entries in memory, however many
 * files it backs up.
 */
class JsonSpill<T> {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  private closed = false;
  count = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w', 0o600);
  }

  add(entry: T): void {
    // JSON writes a name's escaped bytes (lone surrogates) as \udcXX: every line is valid UTF-8.
    const line = JSON.stringify(entry);
    this.pending.push(line);
    this.pendingChars += line.length;
    this.count += 1;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /** No more entries: writes what is buffered and closes the file. */
  close(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }

  async *entries(): AsyncGenerator<T> {
    this.close();
    const lines = createInterface({ input: createReadStream(this.path), crlfDelay: Infinity });
    for await (const line of lines) if (line !== '') yield JSON.parse(line) as T;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, `${this.pending.join('\n')}\n`);
    this.pending = [];
    this.pendingChars = 0;
  }
}

/** An engine's catalog draft entries. */
export class CatalogSpill extends JsonSpill<CatalogDraftEntry> {}

/** Catalog paths of the parent that are gone at this point, as an engine found them. */
export class PathSpill extends JsonSpill<string> {}
