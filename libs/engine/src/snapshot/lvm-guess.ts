import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The mount point holding `path`: walk up until the parent is on another device (os.path.ismount). */
export function mountPointOf(path: string): string {
  let current = path;
  let dev = statSync(current).dev;
  for (;;) {
    const parent = dirname(current);
    if (parent === current) return current;
    const parentDev = statSync(parent).dev;
    if (parentDev !== dev) return current;
    current = parent;
    dev = parentDev;
  }
}

export interface LvmVolume {
  volgroup: string;
  /** /dev/<vg>/<lv> */
  srcvol: string;
}

/**
 * The LVM volume mounted at `mountPoint`, from /proc/mounts text (device-mapper names double the
 * dashes inside names: /dev/mapper/my--vg-my--lv is vg "my-vg", lv "my-lv").
 */
export function lvmGuess(mountPoint: string, procMounts: string): LvmVolume | undefined {
  for (const line of procMounts.split('\n')) {
    const [device, where] = line.split(' ');
    if (!device || where?.replace(/\\040/g, ' ') !== mountPoint) continue;
    const mapper = /^\/dev\/mapper\/((?:[^-]|--)+)-((?:[^-]|--)+)$/.exec(device);
    if (mapper) {
      const volgroup = (mapper[1] as string).replace(/--/g, '-');
      const lv = (mapper[2] as string).replace(/--/g, '-');
      return { volgroup, srcvol: `/dev/${volgroup}/${lv}` };
    }
    const direct = /^\/dev\/([^/]+)\/([^/]+)$/.exec(device);
    if (direct && direct[1] !== 'mapper') return { volgroup: direct[1] as string, srcvol: device };
  }
  return undefined;
}
