import type { ChildProcess } from 'node:child_process';
import { releaseBuffer } from '@freezer/codec';
import { AgentError } from '../../errors.js';
import type { Finished } from '../../child-process.js';
import type { Logger } from '../../logger.js';
import type { TarCatalogCollector } from './tar-catalog.js';
import { TarScanner, type TarMember } from './tar-scanner.js';

export interface TarSourceStats {
  bytes: number;
  members: number;
  files: number;
  warnings: number;
}

/**
 * tar's stdout as an async iterable that ends only after tar exited well: exit 2 (fatal) throws at the
 * end of the stream, so the encoder and the storage abort instead of storing a partial archive.
 * `done` must come from finished() called right at spawn time, so no exit event is missed.
 * GNU tar exit 1 ("file changed as we read it") is a warning, as in the stock agent.
 */
export async function* tarSource(
  child: ChildProcess,
  done: Promise<Finished>,
  stats: TarSourceStats,
  log: Logger,
  onChunk: (bytes: number, members: number) => void,
  catalog?: TarCatalogCollector,
): AsyncGenerator<Uint8Array> {
  let pending = 0;
  const scanner = new TarScanner(
    (m: TarMember) => {
      stats.members++;
      pending++;
      if (m.type !== '5' && m.type !== 'D') stats.files++;
      catalog?.onMember(m);
    },
    catalog ? { onDumpdir: (m, listing) => catalog.onDumpdir(m, listing) } : {},
  );
  const stdout = child.stdout;
  if (!stdout) throw new AgentError('tar: no output stream');
  let complete = false;
  try {
    for await (const chunk of stdout as AsyncIterable<Buffer>) {
      scanner.push(chunk);
      stats.bytes += chunk.length;
      onChunk(chunk.length, pending);
      pending = 0;
      yield chunk;
      // The encoder copied the chunk into its block before asking for more, and the scanner keeps
      // no view of it: free its 64 KiB now rather than at V8's next collection.
      releaseBuffer(chunk);
    }
    complete = true;
  } finally {
    // The consumer stopped early (an encoder or storage error): tar must not linger.
    if (!complete && child.exitCode === null) child.kill('SIGTERM');
  }
  const result = await done;
  for (const line of result.stderr.split('\n')) {
    if (line.trim() === '') continue;
    stats.warnings++;
    log.warn(line.replace(/^tar: /, 'tar: '));
  }
  if (result.code >= 2) {
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    throw new AgentError(`tar failed (exit ${result.code}): ${last}`);
  }
}
