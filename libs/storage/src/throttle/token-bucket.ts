import { sleep } from '../errors.js';

/**
 * Average-rate limiter. A transfer may overdraw the bucket (segments are bigger than any sensible
 * burst); the caller then waits until the debt is paid, so the long-run rate stays at `bytesPerSec`.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private readonly burst: number;

  constructor(private readonly bytesPerSec: number) {
    // A small burst keeps short transfers honest too: at most 1/8 s of rate, capped at 256 KiB.
    this.burst = Math.min(bytesPerSec / 8, 256 * 1024);
    this.tokens = this.burst;
  }

  async take(bytes: number): Promise<void> {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.bytesPerSec);
    this.last = now;
    this.tokens -= bytes;
    if (this.tokens < 0) await sleep((-this.tokens / this.bytesPerSec) * 1000);
  }
}
