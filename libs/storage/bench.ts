// putSegmented throughput of ~500 MB to each driver on loopback, then to local+ssh+s3 at once.
// Run: npx tsx libs/storage/bench.ts [MB]   (starts its own sshd and Swift; needs root like the tests)
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { openMultipleStorage, openStorage, type BackupStorage } from './src/index.js';
import { tempDir } from './test/helpers.js';
import { startSshd, startSwift } from '@freezer/testkit';

const SEGMENT = 32 * 1024 * 1024; // the stock agent's default --max-segment-size
const totalMb = Number(process.argv[2] ?? 512);
const segments = Math.max(1, Math.round((totalMb * 1024 * 1024) / SEGMENT));
const block = randomBytes(SEGMENT); // incompressible; the same bytes each segment, a fresh view each time

async function* source(): AsyncIterable<Uint8Array> {
  for (let i = 0; i < segments; i += 1)
    yield new Uint8Array(block.buffer, block.byteOffset, block.byteLength);
}

async function measure(label: string, storage: BackupStorage): Promise<number> {
  const t = performance.now();
  const { bytes } = await storage.putSegmented(`bench/${label}/data`, source());
  const seconds = (performance.now() - t) / 1000;
  const mbps = bytes / 1024 / 1024 / seconds;
  console.log(
    `${label.padEnd(22)} ${(bytes / 1024 / 1024).toFixed(0)} MiB in ${seconds.toFixed(2)} s = ${mbps.toFixed(1)} MiB/s`,
  );
  await storage.remove(`bench/${label}`);
  return seconds;
}

const dir = await tempDir('bench');
const [sshd, swift] = await Promise.all([startSshd(), startSwift()]);
const remote = `/home/${sshd.username}/bench-${randomBytes(3).toString('hex')}`;
try {
  const local = await openStorage({ type: 'local', container: `${dir.path}/repo` });
  const ssh = await openStorage({
    type: 'ssh',
    container: remote,
    host: sshd.host,
    port: sshd.port,
    username: sshd.username,
    keyPath: sshd.clientKeyPath,
    knownHostsPath: await sshd.knownHosts(),
  });
  const s3 = await openStorage({
    type: 's3',
    container: 'fz-bench',
    endpoint: swift.endpoint,
    accessKey: swift.user,
    secretKey: swift.key,
  });
  const sw = await openStorage({ type: 'swift', container: 'bench' }, undefined, {
    ST_AUTH: swift.authUrl,
    ST_USER: swift.user,
    ST_KEY: swift.key,
  });
  const single: Record<string, number> = {};
  single.local = await measure('local', local);
  single.ssh = await measure('ssh', ssh);
  single.s3 = await measure('s3', s3);
  single.swift = await measure('swift', sw);
  const parallel = await measure(
    'local+ssh+s3',
    openMultipleStorage([
      { name: 'local', storage: local },
      { name: 'ssh', storage: ssh },
      { name: 's3', storage: s3 },
    ]),
  );
  const slowest = Math.max(single.local, single.ssh, single.s3);
  console.log(`parallel / slowest single (of local, ssh, s3) = ${(parallel / slowest).toFixed(2)}x`);
  for (const s of [local, ssh, s3, sw]) await s.close();
} finally {
  await sshd.cleanup();
  await swift.cleanup();
  await dir.cleanup();
  await rm(remote, { recursive: true, force: true });
}
