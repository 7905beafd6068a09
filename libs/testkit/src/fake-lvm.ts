// device-mapper is not available in this container (dmsetup: "/dev/mapper/control: No such device"),
// so LVM snapshots cannot be created for real here. These recording stand-ins for lvs, vgs, lvcreate,
// lvremove, blkid, mount, umount and sync go first on PATH: each appends its name and arguments to a log,
// and `mount` copies the backed-up tree into the mount directory so the backup reads real files from
// "the snapshot". What is tested is our command sequence, size checks and cleanup, not LVM itself.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SCRIPT = `#!/bin/sh
# Fake LVM/mount tool for tests: see fake-lvm.ts.
name=$(basename "$0")
printf '%s' "$name" >> "$FAKE_LVM_LOG"
for a in "$@"; do printf '\\t%s' "$a" >> "$FAKE_LVM_LOG"; done
printf '\\n' >> "$FAKE_LVM_LOG"
if [ "$name" = "$FAKE_LVM_FAIL" ]; then echo "$name: simulated failure" >&2; exit 5; fi
last() { for a in "$@"; do l=$a; done; printf '%s' "$l"; }
case "$name" in
  lvs)
    case "$*" in
      *lv_attr*) if [ -n "$FAKE_LVM_INVALID" ]; then echo "  sIi-a-s--- 100.00"; else echo "  swi-a-s--- 3.20"; fi ;;
      *) echo "  $FAKE_LVM_ORIGIN_BYTES" ;;
    esac ;;
  vgs) echo "  $FAKE_LVM_VG_FREE 21474836480" ;;
  blkid) echo ext4 ;;
  mount)
    target=$(last "$@")
    rel=\${FAKE_LVM_SRC#"$FAKE_LVM_MOUNTPOINT"}
    mkdir -p "$target/$(dirname "$rel")"
    cp -a "$FAKE_LVM_SRC" "$target/$rel" ;;
  umount)
    target=$(last "$@")
    find "$target" -mindepth 1 -delete ;;
esac
exit 0
`;

export interface FakeLvmOptions {
  /** The tool that fails (exit 5, one stderr line). */
  fail?: string;
  /** lvs reports the snapshot as invalid (overflowed). */
  invalid?: boolean;
  /** Size of the origin volume (default 2 GiB) and free space of the group (default 10 GiB). */
  originBytes?: number;
  vgFreeBytes?: number;
  /** The --path-to-backup that `mount` "shows" inside the snapshot, and the mount point holding it. */
  source?: string;
  mountPoint?: string;
}

export interface FakeLvm {
  bin: string;
  /** The environment a child agent needs (PATH first). */
  env: Record<string, string>;
  /** Runs `fn` with that environment in this process. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Every recorded call: [tool, ...args]. */
  calls(): string[][];
}

export function makeFakeLvm(work: string, o: FakeLvmOptions = {}): FakeLvm {
  const dir = mkdtempSync(join(work, 'fake-lvm-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const tool of ['lvs', 'vgs', 'lvcreate', 'lvremove', 'blkid', 'mount', 'umount', 'sync']) {
    writeFileSync(join(bin, tool), SCRIPT);
    chmodSync(join(bin, tool), 0o755);
  }
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    FAKE_LVM_LOG: log,
    FAKE_LVM_FAIL: o.fail ?? '',
    FAKE_LVM_INVALID: o.invalid ? '1' : '',
    FAKE_LVM_ORIGIN_BYTES: String(o.originBytes ?? 2 * 1024 ** 3),
    FAKE_LVM_VG_FREE: String(o.vgFreeBytes ?? 10 * 1024 ** 3),
    FAKE_LVM_SRC: o.source ?? '',
    FAKE_LVM_MOUNTPOINT: o.mountPoint ?? '',
  };
  return {
    bin,
    env,
    async run(fn) {
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, env);
      try {
        return await fn();
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    },
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t')),
  };
}
