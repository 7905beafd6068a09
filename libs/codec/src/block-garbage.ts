import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/*
 * node:crypto and the zstd binding return each block's output in a fresh buffer (neither writes into a
 * given one), and V8 frees such buffers only at its next garbage collection, which external memory
 * alone triggers only every ~64 MB: up to tens of MB of dead block outputs stay resident. A process
 * that runs the codec may ask for a young-generation collection (a scavenge) after every block the
 * codec has finished with; with few live young objects it takes well under a millisecond, and the
 * block's outputs, still young, are freed before the next ones are made.
 */
let collect: (() => void) | undefined;

/**
 * Process-wide, for a program whose memory peak matters (the agent): turns on a scavenge after each
 * finished block. Needs V8's gc extension, enabled here for contexts made from now on.
 */
export function collectBlockGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as ((options: { type: 'minor' }) => void) | undefined;
  collect = gc ? () => gc({ type: 'minor' }) : undefined;
}

/** Called by the codec when a block's outputs have been consumed. */
export function blockFinished(): void {
  collect?.();
}
