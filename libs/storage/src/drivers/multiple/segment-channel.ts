/**
 * A bounded single-producer/single-consumer queue of segments. `push` resolves only when there is room,
 * which is how the slowest storage slows the whole fan-out down instead of letting memory grow.
 */
export class SegmentChannel implements AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private closed = false;
  private failure: unknown = undefined;
  private consumerGone = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  async push(segment: Uint8Array): Promise<void> {
    while (this.queue.length >= this.capacity && this.failure === undefined && !this.consumerGone) {
      await new Promise<void>((resolve) => (this.wakeProducer = resolve));
    }
    if (this.failure !== undefined || this.consumerGone) return;
    this.queue.push(segment);
    this.wake('consumer');
  }

  close(): void {
    this.closed = true;
    this.wake('consumer');
  }

  /** Makes the consumer's iteration throw `reason`, so its driver cleans up its partial upload. */
  abort(reason: unknown): void {
    if (this.failure === undefined) this.failure = reason ?? new Error('aborted');
    this.queue.length = 0;
    this.wake('consumer');
    this.wake('producer');
  }

  get buffered(): number {
    return this.queue.length;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    try {
      for (;;) {
        if (this.failure !== undefined) throw this.failure;
        const next = this.queue.shift();
        if (next) {
          this.wake('producer');
          yield next;
          continue;
        }
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      }
    } finally {
      this.consumerGone = true;
      this.wake('producer');
    }
  }

  private wake(who: 'consumer' | 'producer'): void {
    const fn = who === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (who === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    fn?.();
  }
}
