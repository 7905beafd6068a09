import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { AgentError } from '../errors.js';
import type { MysqlConnection } from './mysql-client.js';

/**
 * One interactive `mariadb` client session held open. FLUSH TABLES WITH READ LOCK lives as long as
 * its session, so the lock is tied to this child: if the agent dies, the client's stdin closes, the
 * session ends and the server drops the lock — a crashed backup can never leave the server locked.
 */
export class MysqlSession {
  private out = '';
  private err = '';
  private exited = false;
  private waiter: (() => void) | undefined;
  private counter = 0;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (c: Buffer) => {
      this.out += c.toString('utf8');
      this.waiter?.();
    });
    child.stderr.on('data', (c: Buffer) => {
      this.err = (this.err + c.toString('utf8')).slice(-4096);
    });
    child.on('close', () => {
      this.exited = true;
      this.waiter?.();
    });
    child.on('error', () => {
      this.exited = true;
      this.waiter?.();
    });
    child.stdin.on('error', () => undefined);
  }

  static open(client: string, conn: MysqlConnection): MysqlSession {
    const child = spawn(client, [...conn.args, '--batch', '--skip-column-names', '--unbuffered'], {
      env: { ...process.env, ...conn.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new MysqlSession(child);
  }

  /** Runs statements; resolves with the lines they printed. The client exits on the first SQL error. */
  async query(sql: string): Promise<string[]> {
    const marker = `freezer-done-${++this.counter}`;
    const start = this.out.length;
    this.child.stdin.write(`${sql.trim().replace(/;?$/, ';')}\nSELECT '${marker}';\n`);
    for (;;) {
      const at = this.out.indexOf(`${marker}\n`, start);
      if (at >= 0) {
        return this.out
          .slice(start, at)
          .split('\n')
          .filter((l) => l !== '');
      }
      if (this.exited) {
        const last = this.err.trim().split('\n').at(-1) ?? 'the client exited';
        throw new AgentError(`mysql: ${last}`);
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }

  /** Ends the session (which releases any lock it holds) and waits for the client to go. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
}
