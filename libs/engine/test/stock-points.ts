import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Writes one restore point exactly as the stock agent lays it out on local storage: a gzip'd tar
 * `data`, an `engine_metadata` file and the `{"engine_name","compression","encryption"}` metadata.
 */
export function writeStockPoint(
  repo: string,
  identity: string,
  l0: number,
  level: number,
  ts: number,
  tarBytes: Buffer,
): void {
  const dataDir = join(repo, 'data/tar', identity, String(l0), `${level}_${ts}`);
  const metaDir = join(repo, 'metadata/tar', identity, String(l0), `${level}_${ts}`);
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(metaDir, { recursive: true });
  writeFileSync(join(dataDir, 'data'), gzipSync(tarBytes));
  writeFileSync(join(dataDir, 'engine_metadata'), 'GNU tar-1.34-2\n');
  writeFileSync(
    join(metaDir, 'metadata'),
    JSON.stringify({ engine_name: 'tar', compression: 'gzip', encryption: false }),
  );
}

/** A hand-crafted archive (Python's tarfile writes any member name we ask for, unlike GNU tar). */
export function craftTar(
  members: { name: string; type: 'file' | 'symlink' | 'hardlink'; data?: string; target?: string }[],
): Buffer {
  const script = `
import io, json, sys, tarfile
out = io.BytesIO()
with tarfile.open(fileobj=out, mode='w', format=tarfile.GNU_FORMAT) as t:
    for m in json.loads(sys.argv[1]):
        info = tarfile.TarInfo(m['name'])
        info.mtime = 1600000000
        if m['type'] == 'symlink':
            info.type = tarfile.SYMTYPE; info.linkname = m['target']
            t.addfile(info)
        elif m['type'] == 'hardlink':
            info.type = tarfile.LNKTYPE; info.linkname = m['target']
            t.addfile(info)
        else:
            data = m.get('data', '').encode()
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
sys.stdout.buffer.write(out.getvalue())
`;
  return execFileSync('python3', ['-c', script, JSON.stringify(members)], { maxBuffer: 64 * 1024 * 1024 });
}
