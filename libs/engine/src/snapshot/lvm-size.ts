import { AgentError, UsageError } from '../errors.js';

/** Below this a snapshot fills up at the first burst of writes and is silently invalidated. */
export const MIN_SNAPSHOT_BYTES = 64 * 1024 ** 2;
/** ...and below this share of the origin volume, too (the seed: "not specify a too small size"). */
export const MIN_SNAPSHOT_SHARE = 0.01;

export type SnapSize =
  | { kind: 'size'; bytes: number; arg: string }
  | { kind: 'extents'; percent: number; of: 'FREE' | 'ORIGIN' | 'VG' | 'PVS'; arg: string };

const UNITS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** --lvm-snapsize as lvcreate reads it: 500M, 8G, 1.5t (binary units, bare number = MiB) or 80%FREE. */
export function parseSnapSize(text: string): SnapSize {
  const t = text.trim();
  const extents = /^(\d+(?:\.\d+)?)%(FREE|ORIGIN|VG|PVS)$/i.exec(t);
  if (extents) {
    const percent = Number(extents[1]);
    if (percent <= 0 || percent > 100) throw new UsageError(`--lvm-snapsize ${t}: percentage must be 1-100`);
    return { kind: 'extents', percent, of: (extents[2] as string).toUpperCase() as 'FREE', arg: t };
  }
  const size = /^(\d+(?:\.\d+)?)([kmgtp]?)(?:i?b)?$/i.exec(t);
  if (!size) throw new UsageError(`--lvm-snapsize "${t}": expected e.g. 500M, 8G or 80%FREE`);
  const unit = UNITS[(size[2] || 'm').toLowerCase()] as number;
  return { kind: 'size', bytes: Math.floor(Number(size[1]) * unit), arg: t };
}

export interface VolumeFacts {
  originBytes: number;
  vgFreeBytes: number;
  vgSizeBytes: number;
}

/** The snapshot's size in bytes, refusing one that is too small for the origin or larger than the free space. */
export function checkSnapSize(size: SnapSize, facts: VolumeFacts): number {
  let bytes: number;
  if (size.kind === 'size') bytes = size.bytes;
  else {
    const base = {
      FREE: facts.vgFreeBytes,
      ORIGIN: facts.originBytes,
      VG: facts.vgSizeBytes,
      PVS: facts.vgSizeBytes,
    }[size.of];
    bytes = Math.floor((base * size.percent) / 100);
  }
  const floor = Math.max(MIN_SNAPSHOT_BYTES, Math.ceil(facts.originBytes * MIN_SNAPSHOT_SHARE));
  if (bytes < floor) {
    throw new AgentError(
      `--lvm-snapsize ${size.arg} (${mib(bytes)}) is too small for a ${mib(facts.originBytes)} volume: ` +
        `give at least ${mib(floor)}; a full snapshot is invalidated and the backup would be corrupt`,
    );
  }
  if (bytes > facts.vgFreeBytes) {
    throw new AgentError(
      `--lvm-snapsize ${size.arg} (${mib(bytes)}) is more than the volume group's free space (${mib(facts.vgFreeBytes)})`,
    );
  }
  return bytes;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}
