import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * Replies at least this big are compressed (gzip or deflate, as the caller accepts). A
 * scheduler's poll (one client's first page of jobs) stays well below and goes out as it is (the
 * plugin only negotiates); a dashboard's list of 200 jobs shrinks tenfold (129 KB → 13 KB at level 1).
 */
export const COMPRESS_THRESHOLD = 16 * 1024;

export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    threshold: COMPRESS_THRESHOLD,
    // gzip level 1: a 90 KB list in ~0.3 ms, twenty times smaller; brotli even at quality 4 costs
    // five times the CPU per reply for a few per cent less (measured, docs/benchmarks.md). Brotli
    // is for the dashboard's files, compressed once at build time.
    encodings: ['gzip', 'deflate'],
    zlibOptions: { level: 1 },
    // Compressed in one synchronous call up to 1 MiB (~1 ms at level 1): a stream costs more.
    syncThreshold: 1024 * 1024,
    // Request bodies are never inflated: a small gzip bomb would sidestep the per-caller body
    // limits, and no Freezer client compresses what it sends.
    globalDecompression: false,
  });
}
