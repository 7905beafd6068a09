// A volume-booted instance without a cloud: how it is recognised, and which Cinder snapshots Nova's
// image of it names (apps/agent/test/openstack/nova.test.ts backs one up in the real cloud).
import type { GlanceImage, NovaServer } from '@freezer/openstack';
import { describe, expect, it } from 'vitest';
import { bootedFromVolume, mappedSnapshots } from '../../src/modes/nova-volume.js';

const server = (image: NovaServer['image']): NovaServer => ({
  id: 'vm',
  name: 'vm',
  status: 'ACTIVE',
  flavor: {},
  image,
});

const novaImage = (mapping: unknown): GlanceImage => ({
  id: 'img',
  name: 'freezer-tmp-nova-vm',
  status: 'active',
  disk_format: 'qcow2',
  container_format: 'bare',
  size: 0,
  checksum: null,
  block_device_mapping: JSON.stringify(mapping),
});

describe('volume-booted instances', () => {
  it('are the ones Nova reports without an image', () => {
    expect(bootedFromVolume(server(''))).toBe(true);
    expect(bootedFromVolume(server(undefined))).toBe(true);
    expect(bootedFromVolume(server({ id: 'base' }))).toBe(false);
  });

  it("take the boot volume's snapshot to copy and every snapshot to delete", () => {
    const mapped = mappedSnapshots(
      novaImage([
        { snapshot_id: 'data', boot_index: null },
        { snapshot_id: 'root', boot_index: 0 },
        { volume_id: 'x', boot_index: 1 },
      ]),
    );
    expect(mapped).toEqual({ boot: 'root', all: ['data', 'root'] });
  });

  it('an image that names no snapshot is one line', () => {
    expect(() => mappedSnapshots(novaImage([]))).toThrow(/names no volume snapshot$/);
    expect(() => mappedSnapshots({ ...novaImage([]), block_device_mapping: 'not json' })).toThrow(
      /names no volume snapshot/,
    );
  });
});
