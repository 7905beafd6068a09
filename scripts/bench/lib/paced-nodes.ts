import { Worker } from 'node:worker_threads';

export interface PacedResult {
  /** Lines the nodes' forwarders sent (streamed lines, or posts if the API refused streams). */
  count: number;
  failures: number;
  /** [interval in seconds, nodes] at the end: what the API had advised each node. */
  intervals: [number, number][];
}

/**
 * Nodes that report every `everyS` s to their scheduler and forward as the real one does (its
 * ProgressForwarder and ProgressStreamSender, honouring the API's pacing), in a worker thread so
 * their work is not the polls'.
 */
export function pacedNodes(
  base: URL,
  project: string,
  jobIds: string[],
  everyS: number,
): { mark(): Promise<void>; stop(): Promise<PacedResult> } {
  const file = new URL('./paced-nodes-worker.ts', import.meta.url).href;
  // A worker does not inherit `--import tsx`: it registers tsx itself, then loads the TypeScript.
  const worker = new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}); });`,
    { eval: true, workerData: { base: base.origin, project, jobIds, everyS } },
  );
  return {
    // From now on: what was sent before (a warm-up) is not counted.
    mark: () =>
      new Promise((resolve) => {
        worker.once('message', () => resolve());
        worker.postMessage('mark');
      }),
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', (r: PacedResult) => {
          void worker.terminate();
          resolve(r);
        });
        worker.postMessage('stop');
      }),
  };
}
