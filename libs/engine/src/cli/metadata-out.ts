import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes the run's JSON to the --metadata-out target. The path was made absolute against the cwd where
 * the agent started (the stock agent wrote relative paths inside the backed-up tree).
 */
export function writeMetadataOut(
  target: string | undefined,
  data: object,
  stdout: { write(s: string): unknown },
): void {
  if (!target) return;
  const text = `${JSON.stringify(data, null, 2)}\n`;
  if (target === '-') {
    stdout.write(text);
    return;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
}

/**
 * --catalog-out after a backup: the point's catalog as plain NDJSON for the scheduler to upload, unless
 * --no-catalog-upload keeps file names off the API (then nothing is left there, not even an old file).
 */
export function writeCatalogOut(
  o: { catalogOut?: string; noCatalogUpload: boolean },
  catalog: Uint8Array | undefined,
): void {
  if (!o.catalogOut) return;
  if (o.noCatalogUpload || !catalog) {
    rmSync(o.catalogOut, { force: true });
    return;
  }
  mkdirSync(dirname(o.catalogOut), { recursive: true });
  writeFileSync(o.catalogOut, catalog, { mode: 0o600 });
}
