import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * --catalog-out as the catalog streams by: its NDJSON goes to `<file>.part`, which becomes `<file>`
 * only once the point is committed, so a scheduler never uploads the catalog of a failed backup.
 */
export class PlainCatalogOut {
  private fd: number | undefined;
  private readonly part: string;

  constructor(private readonly file: string) {
    this.part = `${file}.part`;
  }

  readonly write = (piece: Uint8Array): void => {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.file), { recursive: true });
      this.fd = openSync(this.part, 'w', 0o600);
    }
    writeSync(this.fd, piece);
  };

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** `keep`: the point and its catalog are stored; otherwise the partial file goes. */
  commit(keep: boolean): void {
    this.close();
    if (keep) renameSync(this.part, this.file);
    else rmSync(this.part, { force: true });
  }
}
