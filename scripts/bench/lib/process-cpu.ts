import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User+system CPU seconds of a process so far, from /proc/<pid>/stat (fields 14 and 15). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after its closing ')' are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident set size in MB, from /proc/<pid>/status. */
export function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Parent pid of a process, from /proc/<pid>/stat (field 4); undefined once it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The process and its direct children (nginx workers, PostgreSQL backends). */
export function withChildren(pid: number): number[] {
  const pids = [pid];
  for (const name of readdirSync('/proc')) {
    const child = Number(name);
    if (Number.isInteger(child) && parentOf(child) === pid) pids.push(child);
  }
  return pids;
}

/**
 * CPU seconds used by groups of processes during a run. Sampled repeatedly, so a process that
 * dies (a killed replica, a closed backend) keeps what it had used by its last sample.
 */
export class CpuSampler {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly groups = new Map<string, { list: () => number[]; seen: Set<number> }>();

  group(name: string, list: () => number[]): this {
    this.groups.set(name, { list, seen: new Set() });
    return this;
  }

  sample(): void {
    for (const g of this.groups.values()) {
      for (const pid of g.list()) {
        let cpu: number;
        try {
          cpu = cpuSeconds(pid);
        } catch {
          continue; // gone since the listing
        }
        g.seen.add(pid);
        if (!this.first.has(pid)) this.first.set(pid, cpu);
        this.last.set(pid, cpu);
      }
    }
  }

  /** CPU seconds per group since each process's first sample. */
  used(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, g] of this.groups) {
      let total = 0;
      for (const pid of g.seen) total += (this.last.get(pid) ?? 0) - (this.first.get(pid) ?? 0);
      out.set(name, total);
    }
    return out;
  }
}
