// --mode mongo. MongoDB is not packaged in Debian, so no real mongod runs here: the safety decision
// is tested on the replies mongod gives, and the whole backup against a stand-in TCP server that
// speaks the wire protocol (OP_MSG + BSON) with recorded-shape `isMaster` replies. The file-tree
// part is the same code as --mode fs (real tar, real restore).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongoVerdict } from '../../src/modes/mongo.js';
import { decodeMessage, encodeMessage, type BsonDoc } from '../../src/modes/mongo-wire.js';
import { runCli, runInfo, runRestore } from '../run-cli.js';
import { freePort } from '@freezer/testkit';

type Reply = Record<string, string | number | boolean>;

/** BSON for a flat reply: strings, doubles and booleans (what an isMaster reply needs here). */
function bson(doc: Reply): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const name = Buffer.from(`${key}\0`);
    if (typeof value === 'string') {
      const text = Buffer.from(`${value}\0`);
      const len = Buffer.alloc(4);
      len.writeInt32LE(text.length);
      parts.push(Buffer.from([0x02]), name, len, text);
    } else if (typeof value === 'boolean') {
      parts.push(Buffer.from([0x08]), name, Buffer.from([value ? 1 : 0]));
    } else {
      const v = Buffer.alloc(8);
      v.writeDoubleLE(value);
      parts.push(Buffer.from([0x01]), name, v);
    }
  }
  const body = Buffer.concat([...parts, Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(body.length + 4);
  return Buffer.concat([size, body]);
}

const PRIMARY: Reply = {
  ismaster: true,
  isWritablePrimary: true,
  setName: 'rs0',
  me: 'm1:27017',
  primary: 'm1:27017',
  ok: 1,
};
const SECONDARY: Reply = {
  ismaster: false,
  secondary: true,
  setName: 'rs0',
  me: 'm2:27017',
  primary: 'm1:27017',
  ok: 1,
};

let work: string;
let data: string;
let server: Server;
let port: number;
let reply: Reply = PRIMARY;
const requests: BsonDoc[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fz-mongo-'));
  data = join(work, 'db');
  mkdirSync(join(data, 'journal'), { recursive: true });
  writeFileSync(join(data, 'collection-0.wt'), Buffer.alloc(100_000, 3));
  writeFileSync(join(data, 'journal', 'WiredTigerLog.01'), 'journal');
  port = await freePort();
  server = createServer((socket) => {
    let got = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length < 4 || got.length < got.readInt32LE(0)) return;
      requests.push(decodeMessage(got));
      socket.write(encodeMessage(7, bson(reply)));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const common = (name: string): string[] => [
  '-F',
  data,
  '-C',
  join(work, 'repo'),
  '-N',
  name,
  '--hostname',
  'm',
];

describe('--mode mongo', () => {
  it('on the primary: asks isMaster on admin, backs up the data directory, restores it', async () => {
    reply = PRIMARY;
    const r = await runCli([
      '--mode',
      'mongo',
      '--mongo-host',
      `127.0.0.1:${port}`,
      ...common('p'),
      '--log-file',
      join(work, 'p.log'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(requests.at(-1)).toEqual({ isMaster: 1, $db: 'admin' });
    const log = readFileSync(join(work, 'p.log'), 'utf8');
    expect(log).toMatch(/mongo: primary m1:27017 of replica set rs0/);
    expect(log).toMatch(/without --snapshot the data directory is read while mongod writes it/);
    const out = join(work, 'out');
    const restore = await runRestore(['-C', join(work, 'repo'), '-N', 'p', '--hostname', 'm'], out);
    expect(restore.code, restore.stderr).toBe(0);
    expect(readFileSync(join(out, 'journal', 'WiredTigerLog.01'), 'utf8')).toBe('journal');
  });

  it('on a secondary: refuses with one clear line and stores nothing', async () => {
    reply = SECONDARY;
    const r = await runCli(['--mode', 'mongo', '--mongo-host', `127.0.0.1:${port}`, ...common('s')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'freezer-agent: error: --mode mongo: refusing to back up: m2:27017 is a secondary of replica set rs0 (the primary is m1:27017): back up on the primary\n',
    );
    const info = await runInfo(join(work, 'repo'), 's');
    expect(JSON.parse(info.stdout)).toEqual([]);
  });

  it('mongod unreachable: one clear line', async () => {
    const r = await runCli([
      '--mode',
      'mongo',
      '--mongo-host',
      `127.0.0.1:${await freePort()}`,
      ...common('u'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^freezer-agent: error: mongo: cannot ask mongod at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\n$/,
    );
  });
});

describe('mongo safety decision (isMaster replies)', () => {
  const cases: [string, BsonDoc, boolean, RegExp][] = [
    ['primary of a set', PRIMARY, true, /primary m1:27017 of replica set rs0/],
    ['standalone', { ismaster: true, ok: 1 }, true, /standalone/],
    ['secondary', SECONDARY, false, /is a secondary of replica set rs0 \(the primary is m1:27017\)/],
    [
      'arbiter',
      { arbiterOnly: true, setName: 'rs0', me: 'a:1', ok: 1 },
      false,
      /is an arbiter .*no primary is elected/,
    ],
    [
      'primary flag but another member is primary (stale view)',
      { ...PRIMARY, primary: 'm9:27017' },
      false,
      /not the primary/,
    ],
    [
      'recovering member',
      { ismaster: false, secondary: false, setName: 'rs0', me: 'm3:1', ok: 1 },
      false,
      /not the primary/,
    ],
    ['error reply', { ok: 0, errmsg: 'not authorized' }, false, /error: not authorized/],
  ];
  for (const [title, doc, safe, why] of cases) {
    it(title, () => {
      const verdict = mongoVerdict(doc);
      expect(verdict.safe).toBe(safe);
      expect(verdict.why).toMatch(why);
    });
  }
});
