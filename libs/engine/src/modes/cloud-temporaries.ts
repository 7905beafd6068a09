import {
  type OpenStackSession,
  deleteImage,
  deleteSnapshotWhenIdle,
  deleteVolumeWhenIdle,
  imagesNamed,
  snapshotsNamed,
  volumesNamed,
} from '@freezer/openstack';
import { AgentError, oneLine } from '../errors.js';
import { abortRequested, onAbortAsync } from '../hooks/abort-cleanup.js';
import type { Logger } from '../logger.js';

export type TemporaryKind = 'image' | 'volume' | 'snapshot';

const remove: Record<TemporaryKind, (s: OpenStackSession, id: string) => Promise<void>> = {
  image: deleteImage,
  volume: (s, id) => deleteVolumeWhenIdle(s, id),
  snapshot: (s, id) => deleteSnapshotWhenIdle(s, id),
};

const named: Record<TemporaryKind, (s: OpenStackSession, name: string) => Promise<{ id: string }[]>> = {
  image: imagesNamed,
  volume: volumesNamed,
  snapshot: snapshotsNamed,
};

/**
 * The cloud objects one backup makes (Nova's snapshot image; Cinder's snapshot, volume and image),
 * deleted by `release`: when the backup ends, well or not, and on SIGTERM/SIGINT/SIGHUP (the abort
 * path waits for a creation still in flight, so an object whose id was not known yet goes too).
 * Every object is named after its source, so the next run deletes what a SIGKILLed one left (`sweep`).
 */
export class CloudTemporaries {
  private readonly made: { kind: TemporaryKind; id: string }[] = [];
  private readonly creating = new Set<Promise<unknown>>();
  private released: Promise<void> | undefined;
  private readonly unregister: () => void;

  constructor(
    private readonly s: OpenStackSession,
    private readonly log: Logger,
  ) {
    this.unregister = onAbortAsync(() => {
      this.log.warn('interrupted: deleting the temporary cloud objects of this backup');
      return this.release();
    });
  }

  /** Deletes the objects of these kinds named `name`: what an interrupted backup left behind. */
  async sweep(name: string, kinds: readonly TemporaryKind[]): Promise<void> {
    for (const kind of kinds) {
      for (const old of await named[kind](this.s, name)) {
        this.log.warn(`deleting ${kind} ${old.id} (${name}) left by an interrupted backup`);
        await remove[kind](this.s, old.id);
      }
    }
  }

  /** Runs the call that makes a `kind` and returns its id; the object is then deleted by release. */
  async create(kind: TemporaryKind, make: () => Promise<string>): Promise<string> {
    if (this.released || abortRequested())
      throw new AgentError(`the backup was interrupted before its ${kind} was made`);
    const pending = make().then((id) => {
      this.made.push({ kind, id });
      return id;
    });
    this.creating.add(pending);
    try {
      return await pending;
    } finally {
      this.creating.delete(pending);
    }
  }

  /** Deletes every object made, newest first (an image before the volume it came from); once. */
  release(): Promise<void> {
    this.released ??= this.deleteAll();
    return this.released;
  }

  private async deleteAll(): Promise<void> {
    await Promise.allSettled([...this.creating]);
    const problems: string[] = [];
    for (const { kind, id } of [...this.made].reverse()) {
      try {
        await remove[kind](this.s, id);
        this.log.info(`deleted temporary ${kind} ${id}`);
      } catch (err) {
        problems.push(`${kind} ${id}: ${oneLine(err)}`);
      }
    }
    this.unregister();
    if (problems.length > 0)
      throw new AgentError(`temporary cloud objects not deleted: ${problems.join('; ')}`);
  }
}
