import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What survives a daemon restart for one job: when it was armed and the last slot it ran. */
export interface JobMemory {
  /** Clock time the job was (re)armed: anchors interval triggers and "once soon" jobs. */
  armedAt: number;
  /** The last slot that was started (epoch ms); a slot at or before it is never run again. */
  lastSlot?: number;
  /** For one-shot triggers: the slot ran to completion locally (the API may not know yet). */
  done?: boolean;
  /** The last "back up now" request (its `run_now` epoch seconds) that was run; never run twice. */
  lastRunNow?: number;
}

/**
 * Per-job memory in `<stateDir>/jobs-state.json`, written atomically (tmp + rename) on every change so a
 * crash between "slot started" and "result delivered" still remembers the slot.
 */
export class StateStore {
  private readonly file: string;
  private data: Record<string, JobMemory> = {};

  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true });
    this.file = join(stateDir, 'jobs-state.json');
    try {
      this.data = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, JobMemory>;
    } catch {
      this.data = {};
    }
  }

  get(jobId: string): JobMemory | undefined {
    return this.data[jobId];
  }

  set(jobId: string, memory: JobMemory): void {
    this.data[jobId] = memory;
    this.flush();
  }

  delete(jobId: string): void {
    if (!(jobId in this.data)) return;
    delete this.data[jobId];
    this.flush();
  }

  private flush(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 1));
    renameSync(tmp, this.file);
  }
}
