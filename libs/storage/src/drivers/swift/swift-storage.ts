import type { SwiftConfig } from '../../config.js';
import { networkCode, sleep } from '../../errors.js';
import { backupNameFolder, checkRange, isAtOrBelow, normalizeObjectPath } from '../../paths.js';
import {
  StorageError,
  type BackupStorage,
  type ObjectEntry,
  type SegmentedWriteResult,
  type StorageKind,
} from '../../storage.js';
import { readAll } from '../../read-all.js';
import { putBuffer } from './put-buffer.js';
import { authenticate, resolveSwiftAuth, type ResolvedSwiftAuth, type SwiftSession } from './swift-auth.js';

/** Short backoff: the stock agent sleeps 60 s ten times, which turns an outage into a 10-minute hang. */
const BACKOFF_MS = [250, 1000, 2500];
/** Segment objects of a backup, as the stock agent names them: `<dir>/segments/%08d`. */
const SEGMENT_RE = /(^|\/)segments\/\d{8}$/;

/** The seed's rule: `freezer_` is prefixed to a container name that lacks it. */
export function swiftContainerName(name: string): string {
  const trimmed = name.replace(/^\/+|\/+$/g, '');
  return trimmed.startsWith('freezer_') ? trimmed : `freezer_${trimmed}`;
}

function segmentsPrefix(path: string): string {
  const slash = path.lastIndexOf('/');
  return `${slash < 0 ? '' : path.slice(0, slash + 1)}segments`;
}

/**
 * OpenStack Swift. Small objects are plain PUTs; a backup's data is uploaded as segment objects
 * `<dir>/segments/00000000…` and then a zero-byte DLO manifest `<dir>/data` (X-Object-Manifest), written
 * last, exactly like the stock agent, so either agent restores the other's backups.
 */
export class SwiftStorage implements BackupStorage {
  readonly kind: StorageKind = 'swift';
  readonly name: string;
  private session: SwiftSession | undefined;

  private constructor(
    private readonly auth: ResolvedSwiftAuth,
    private readonly container: string,
  ) {
    this.name = `swift:${container}@${new URL(auth.authUrl).host}`;
  }

  static async open(cfg: SwiftConfig, env: NodeJS.ProcessEnv): Promise<SwiftStorage> {
    const auth = await resolveSwiftAuth(cfg, env);
    const storage = new SwiftStorage(auth, swiftContainerName(cfg.container || 'freezer_backups'));
    const res = await storage.request('PUT', '', {});
    if (!res.ok) throw storage.httpError(res, `cannot create container '${storage.container}'`);
    return storage;
  }

  private objectUrl(session: SwiftSession, object: string, query = ''): string {
    const encoded = object
      .split('/')
      .map((p) => encodeURIComponent(p))
      .join('/');
    return `${session.storageUrl}/${encodeURIComponent(this.container)}${object ? `/${encoded}` : ''}${query}`;
  }

  /**
   * One HTTP call with re-authentication on 401 and short retries on network errors and 5xx.
   * The response body is left for the caller.
   */
  private async request(
    method: string,
    object: string,
    headers: Record<string, string>,
    body?: Uint8Array,
    query = '',
  ): Promise<Response> {
    let reauthed = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        this.session ??= await authenticate(this.auth, this.name);
        const url = this.objectUrl(this.session, object, query);
        const withToken = { ...headers, 'X-Auth-Token': this.session.token };
        const res =
          method === 'PUT' && body
            ? await putBuffer(url, withToken, body)
            : await fetch(url, { method, headers: withToken });
        if (res.status === 401 && !reauthed) {
          await res.arrayBuffer().catch(() => undefined);
          this.session = undefined;
          reauthed = true;
          attempt -= 1;
          continue;
        }
        if (res.status >= 500 && attempt <= BACKOFF_MS.length) {
          await res.arrayBuffer().catch(() => undefined);
          await sleep(BACKOFF_MS[attempt - 1]!);
          continue;
        }
        return res;
      } catch (err) {
        if (err instanceof StorageError && err.code !== 'unreachable') throw err;
        const net = err instanceof StorageError ? 'ECONNREFUSED' : networkCode(err);
        if (!net || attempt > BACKOFF_MS.length) {
          throw new StorageError(
            this.name,
            net === 'ECONNREFUSED' ? 'unreachable' : 'interrupted',
            `${method} ${object || this.container}: ${net ? `Swift not reachable (${net})` : (err as Error).message}`,
            { cause: err },
          );
        }
        await sleep(BACKOFF_MS[attempt - 1]!);
      }
    }
  }

  private httpError(res: Response, what: string): StorageError {
    void res.arrayBuffer().catch(() => undefined);
    const code = res.status === 404 ? 'not-found' : res.status === 401 || res.status === 403 ? 'auth' : 'io';
    return new StorageError(this.name, code, `${what} (HTTP ${res.status} ${res.statusText})`);
  }

  private async put(object: string, data: Uint8Array, headers: Record<string, string> = {}): Promise<void> {
    const res = await this.request(
      'PUT',
      object,
      { ...headers, 'Content-Length': String(data.byteLength) },
      data,
    );
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw this.httpError(res, `cannot write '${object}'`);
  }

  async putObject(path: string, data: Uint8Array): Promise<void> {
    await this.put(normalizeObjectPath(this.name, path), data);
  }

  getObject(path: string): Promise<Uint8Array> {
    return readAll(this.getSegmented(path));
  }

  async putSegmented(path: string, segments: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult> {
    const object = normalizeObjectPath(this.name, path);
    const prefix = segmentsPrefix(object);
    const folder = backupNameFolder(object);
    if (folder !== undefined) await this.removeOrphanSegments(folder);
    let bytes = 0;
    let count = 0;
    try {
      for await (const segment of segments) {
        await this.put(`${prefix}/${String(count).padStart(8, '0')}`, segment);
        bytes += segment.byteLength;
        count += 1;
      }
      // The manifest makes the backup visible; it goes last so a reader never sees a partial stream.
      await this.put(object, new Uint8Array(), { 'X-Object-Manifest': `${this.container}/${prefix}/` });
      return { bytes, segments: count };
    } catch (err) {
      await this.removeRaw(`${prefix}/`).catch(() => undefined);
      throw err;
    }
  }

  async *getSegmented(path: string): AsyncIterable<Uint8Array> {
    const object = normalizeObjectPath(this.name, path);
    const res = await this.request('GET', object, {});
    if (res.status === 404) {
      await res.arrayBuffer().catch(() => undefined);
      throw new StorageError(this.name, 'not-found', `'${path}' does not exist`);
    }
    if (!res.ok) throw this.httpError(res, `cannot read '${path}'`);
    if (!res.body) return;
    try {
      for await (const chunk of res.body) yield chunk;
    } catch (err) {
      throw new StorageError(
        this.name,
        'interrupted',
        `reading '${path}' failed: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  /** Every object name and size under a raw name prefix, segments included. */
  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    checkRange(this.name, start, end);
    const object = normalizeObjectPath(this.name, path);
    if (end === start) {
      // An empty range has no HTTP form; a HEAD still reports a missing object.
      if (!(await this.head(object)))
        throw new StorageError(this.name, 'not-found', `'${path}' does not exist`);
      return new Uint8Array(0);
    }
    const res = await this.request('GET', object, { Range: `bytes=${start}-${end - 1}` });
    if (res.status === 404) {
      await res.arrayBuffer().catch(() => undefined);
      throw new StorageError(this.name, 'not-found', `'${path}' does not exist`);
    }
    // 416: the range starts past the end (Swift answers so for a manifest too).
    if (res.status === 416) {
      await res.arrayBuffer().catch(() => undefined);
      return new Uint8Array(0);
    }
    if (!res.ok) throw this.httpError(res, `cannot read '${path}'`);
    try {
      const body = new Uint8Array(await res.arrayBuffer());
      // A server that ignores Range answers 200 with the whole object.
      return res.status === 206 ? body : body.subarray(start, end);
    } catch (err) {
      throw new StorageError(
        this.name,
        'interrupted',
        `reading '${path}' failed: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  private async listRaw(prefix: string): Promise<{ name: string; bytes: number }[]> {
    const out: { name: string; bytes: number }[] = [];
    let marker = '';
    for (;;) {
      const query = `?format=json&limit=10000&prefix=${encodeURIComponent(prefix)}&marker=${encodeURIComponent(marker)}`;
      const res = await this.request('GET', '', { Accept: 'application/json' }, undefined, query);
      if (res.status === 404) return out;
      if (!res.ok) throw this.httpError(res, `cannot list '${prefix}'`);
      const page = (await res.json()) as { name: string; bytes: number }[];
      out.push(...page);
      if (page.length < 10000) return out;
      marker = page[page.length - 1]!.name;
    }
  }

  private async head(object: string): Promise<Headers | undefined> {
    const res = await this.request('HEAD', object, {});
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? res.headers : undefined;
  }

  async list(prefix: string): Promise<ObjectEntry[]> {
    const base = normalizeObjectPath(this.name, prefix, true);
    const raw = (await this.listRaw(base)).filter(
      (o) => isAtOrBelow(o.name, base) && !SEGMENT_RE.test(o.name),
    );
    const out: ObjectEntry[] = [];
    for (const o of raw) {
      let size = o.bytes;
      if (size === 0) {
        // a DLO manifest lists as 0 bytes; its HEAD gives the size of the whole stream
        const length = (await this.head(o.name))?.get('content-length');
        size = length ? Number(length) : 0;
      }
      out.push({ path: o.name, size });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async remove(prefix: string): Promise<void> {
    const base = normalizeObjectPath(this.name, prefix, true);
    const targets = (await this.listRaw(base)).filter((o) => isAtOrBelow(o.name, base));
    for (const o of targets) {
      if (o.bytes === 0) {
        const manifest = (await this.head(o.name))?.get('x-object-manifest');
        const segPrefix = manifest?.startsWith(`${this.container}/`)
          ? manifest.slice(this.container.length + 1)
          : undefined;
        if (segPrefix) await this.removeRaw(segPrefix);
      }
      await this.deleteObject(o.name);
    }
  }

  /**
   * Deletes segment objects below `folder` that no manifest covers: a run that died before writing its
   * manifest (or whose cleanup could not reach Swift) leaves them stored but invisible to `list`.
   */
  private async removeOrphanSegments(folder: string): Promise<void> {
    const names = (await this.listRaw(`${folder}/`)).map((o) => o.name);
    const manifests = new Set(names.filter((n) => !SEGMENT_RE.test(n)));
    for (const name of names) {
      const dir = name.slice(0, name.lastIndexOf('/segments/'));
      if (SEGMENT_RE.test(name) && !manifests.has(`${dir}/data`)) await this.deleteObject(name);
    }
  }

  private async removeRaw(prefix: string): Promise<void> {
    for (const o of await this.listRaw(prefix)) await this.deleteObject(o.name);
  }

  private async deleteObject(object: string): Promise<void> {
    const res = await this.request('DELETE', object, {});
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok && res.status !== 404) throw this.httpError(res, `cannot remove '${object}'`);
  }

  async close(): Promise<void> {
    this.session = undefined;
  }
}
