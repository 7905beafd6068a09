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
 * --catalog-out after a backup: the point writer left the point's catalog there as plain NDJSON for
 * the scheduler to upload; without one, or when --no-catalog-upload keeps file names off the API,
 * nothing is left there, not even an old file.
 */
export function clearCatalogOut(
  o: { catalogOut?: string; noCatalogUpload: boolean },
  catalogWritten: boolean,
): void {
  if (o.catalogOut && (o.noCatalogUpload || !catalogWritten)) rmSync(o.catalogOut, { force: true });
}
