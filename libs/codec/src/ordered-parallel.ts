/**
 * Map `source` through the async `fn` with up to `window` calls in flight, yielding results in input
 * order. The source is pulled only when a slot is free, so backpressure reaches the producer.
 */
export async function* mapOrdered<T, R>(
  source: AsyncIterable<T>,
  fn: (item: T, index: number) => Promise<R>,
  window: number,
): AsyncGenerator<R> {
  const iterator = source[Symbol.asyncIterator]();
  const pending: Promise<R>[] = [];
  let index = 0;
  let sourceDone = false;
  try {
    for (;;) {
      while (!sourceDone && pending.length < window) {
        const next = await iterator.next();
        if (next.done) {
          sourceDone = true;
          break;
        }
        const task = fn(next.value, index++);
        // Rejections are observed when the task reaches the head; this only prevents an
        // "unhandled rejection" if an earlier task fails first.
        task.catch(() => undefined);
        pending.push(task);
      }
      const head = pending.shift();
      if (head === undefined) return;
      yield await head;
    }
  } finally {
    if (!sourceDone) await iterator.return?.();
  }
}
