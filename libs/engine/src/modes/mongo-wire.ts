// Just enough of the MongoDB wire protocol to ask one mongod one question (`isMaster`): an OP_MSG
// request and the BSON subset a reply uses. A full driver would be a large dependency for that.
import { connect } from 'node:net';
import { AgentError } from '../errors.js';

const OP_MSG = 2013;
/** mongod's own message limit (48 MB): a larger length is not a reply. */
const MAX_REPLY = 48_000_000;
export type BsonValue = string | number | boolean | null | bigint | BsonDoc | BsonValue[] | Uint8Array;
export interface BsonDoc {
  [key: string]: BsonValue;
}

/** Encodes a flat command document of strings and 32-bit integers. */
export function encodeCommand(doc: Record<string, string | number>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const name = Buffer.from(`${key}\0`, 'utf8');
    if (typeof value === 'number') {
      const v = Buffer.alloc(4);
      v.writeInt32LE(value);
      parts.push(Buffer.from([0x10]), name, v);
    } else {
      const text = Buffer.from(`${value}\0`, 'utf8');
      const len = Buffer.alloc(4);
      len.writeInt32LE(text.length);
      parts.push(Buffer.from([0x02]), name, len, text);
    }
  }
  const body = Buffer.concat([...parts, Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(body.length + 4);
  return Buffer.concat([size, body]);
}

/** Decodes a BSON document (the types a server reply holds; others are an error, not a guess). */
export function decodeBson(buf: Buffer, start = 0): BsonDoc {
  const end = start + buf.readInt32LE(start) - 1;
  const doc: BsonDoc = {};
  let at = start + 4;
  while (at < end) {
    const type = buf.readUInt8(at++);
    const nameEnd = buf.indexOf(0, at);
    const key = buf.toString('utf8', at, nameEnd);
    at = nameEnd + 1;
    const [value, next] = decodeValue(buf, type, at, key);
    doc[key] = value;
    at = next;
  }
  return doc;
}

function decodeValue(buf: Buffer, type: number, at: number, key: string): [BsonValue, number] {
  switch (type) {
    case 0x01:
      return [buf.readDoubleLE(at), at + 8];
    case 0x02: {
      const len = buf.readInt32LE(at);
      return [buf.toString('utf8', at + 4, at + 4 + len - 1), at + 4 + len];
    }
    case 0x03:
    case 0x04: {
      const inner = decodeBson(buf, at);
      const next = at + buf.readInt32LE(at);
      return [type === 0x04 ? Object.values(inner) : inner, next];
    }
    case 0x05: {
      const len = buf.readInt32LE(at);
      return [new Uint8Array(buf.subarray(at + 5, at + 5 + len)), at + 5 + len];
    }
    case 0x07:
      return [buf.toString('hex', at, at + 12), at + 12];
    case 0x08:
      return [buf.readUInt8(at) !== 0, at + 1];
    case 0x09:
      return [Number(buf.readBigInt64LE(at)), at + 8];
    case 0x0a:
      return [null, at];
    case 0x10:
      return [buf.readInt32LE(at), at + 4];
    case 0x11:
    case 0x12:
      return [buf.readBigInt64LE(at), at + 8];
    default:
      throw new AgentError(`mongo: reply field "${key}" has BSON type 0x${type.toString(16)} not read here`);
  }
}

/** One OP_MSG with a kind-0 section. */
export function encodeMessage(requestId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16);
  header.writeUInt8(0, 20);
  return Buffer.concat([header, body]);
}

/** The kind-0 section of an OP_MSG (the reply document). */
export function decodeMessage(msg: Buffer): BsonDoc {
  if (msg.readInt32LE(12) !== OP_MSG) throw new AgentError('mongo: the reply is not an OP_MSG');
  if (msg.readUInt8(20) !== 0) throw new AgentError('mongo: the reply has no body section');
  return decodeBson(msg, 21);
}

/** Sends `command` to the `admin` database of mongod at host:port and returns the reply. */
export function mongoCommand(hostPort: string, command: string, timeoutMs = 10_000): Promise<BsonDoc> {
  const colon = hostPort.lastIndexOf(':');
  const host = colon > 0 ? hostPort.slice(0, colon).replace(/^\[|\]$/g, '') : hostPort;
  const port = colon > 0 ? Number(hostPort.slice(colon + 1)) : 27017;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let got = Buffer.alloc(0);
    const fail = (why: string): void => {
      socket.destroy();
      reject(new AgentError(`mongo: cannot ask mongod at ${host}:${port} (${why})`));
    };
    socket.setTimeout(timeoutMs, () => fail('no answer'));
    socket.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
    socket.on('connect', () => socket.write(encodeMessage(1, encodeCommand({ [command]: 1, $db: 'admin' }))));
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 4 && got.readInt32LE(0) > MAX_REPLY) return fail('reply too large');
      if (got.length < 4 || got.length < got.readInt32LE(0)) return;
      socket.end();
      try {
        resolve(decodeMessage(got.subarray(0, got.readInt32LE(0))));
      } catch (err) {
        reject(
          err instanceof AgentError ? err : new AgentError(`mongo: bad reply (${(err as Error).message})`),
        );
      }
    });
    socket.on('close', () => fail('connection closed'));
  });
}
