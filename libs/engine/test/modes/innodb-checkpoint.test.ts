// The copy of a live InnoDB data directory counts only if no checkpoint happened while it ran.
import { describe, expect, it } from 'vitest';
import { Logger } from '../../src/logger.js';
import { copyConsistently, type InnodbProbe } from '../../src/modes/innodb-checkpoint.js';

/** A server whose checkpoint LSN moves by one during each of the first `busyCopies` copies. */
function server(busyCopies: number, opts: { reports?: boolean; forces?: boolean } = {}) {
  let lsn = 100;
  let copies = 0;
  let discards = 0;
  const lines: string[] = [];
  const probe: InnodbProbe = {
    forceCheckpoint: async () => opts.forces ?? true,
    lastCheckpoint: async () => ((opts.reports ?? true) ? String(lsn) : undefined),
  };
  const copy = async (): Promise<number> => {
    copies++;
    if (copies <= busyCopies) lsn++;
    return 42;
  };
  const discard = async (): Promise<void> => {
    discards++;
  };
  const log = new Logger({ stderr: { write: (t: string) => lines.push(t) } });
  return { probe, copy, discard, log, lines, counts: () => ({ copies, discards }) };
}

describe('copyConsistently', () => {
  it('keeps a copy during which the checkpoint did not move', async () => {
    const s = server(0);
    expect(await copyConsistently(s.probe, s.copy, s.discard, s.log)).toBe(42);
    expect(s.counts()).toEqual({ copies: 1, discards: 0 });
  });

  it('discards and takes again a copy during which InnoDB checkpointed', async () => {
    const s = server(2);
    expect(await copyConsistently(s.probe, s.copy, s.discard, s.log)).toBe(42);
    expect(s.counts()).toEqual({ copies: 3, discards: 2 });
    expect(s.lines.join('')).toMatch(/checkpointed during the copy \(LSN 100 → 101\); copying again/);
  });

  it('fails with advice when InnoDB checkpoints during every copy', async () => {
    const s = server(99);
    await expect(copyConsistently(s.probe, s.copy, s.discard, s.log)).rejects.toThrow(
      /checkpointed during each of 4 copies.*--snapshot/,
    );
    expect(s.counts().copies).toBe(4);
  });

  it('takes the copy unchecked, with a warning, when the server does not report its checkpoint', async () => {
    const s = server(1, { reports: false });
    expect(await copyConsistently(s.probe, s.copy, s.discard, s.log)).toBe(42);
    expect(s.counts()).toEqual({ copies: 1, discards: 0 });
    expect(s.lines.join('')).toMatch(/could not be checked/);
  });
});
