// Reads the test Swift with its own API (tempauth), so the agent tests can check what is really stored —
// orphaned parts and segments included — not only what a driver chooses to list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SwiftServer } from '@freezer/testkit';

export class SwiftInspector {
  storageUrl = '';
  token = '';

  constructor(private readonly swift: SwiftServer) {}

  /** A fresh tempauth token; memcached forgets tokens when Swift restarts. */
  async login(): Promise<void> {
    const r = await fetch(this.swift.authUrl, {
      headers: { 'X-Auth-User': this.swift.user, 'X-Auth-Key': this.swift.key },
    });
    expect(r.status).toBe(200);
    this.storageUrl = r.headers.get('x-storage-url') ?? '';
    this.token = r.headers.get('x-auth-token') ?? '';
  }

  /** Object names in a container below `prefix` (an absent container is empty). */
  async names(container: string, prefix: string): Promise<string[]> {
    const query = `?format=json&limit=10000&prefix=${encodeURIComponent(prefix)}`;
    const r = await fetch(`${this.storageUrl}/${encodeURIComponent(container)}${query}`, {
      headers: { 'X-Auth-Token': this.token },
    });
    if (r.status === 404 || r.status === 204) return [];
    expect(r.status).toBe(200);
    return ((await r.json()) as { name: string }[]).map((o) => o.name);
  }

  async head(container: string, object: string): Promise<Headers> {
    const path = object.split('/').map(encodeURIComponent).join('/');
    const r = await fetch(`${this.storageUrl}/${encodeURIComponent(container)}/${path}`, {
      method: 'HEAD',
      headers: { 'X-Auth-Token': this.token },
    });
    expect(r.status).toBe(200);
    return r.headers;
  }

  /**
   * s3api keeps multipart parts and the upload marker in `<bucket>+segments` as `<key>/<upload id>[/<n>]`;
   * anything there whose key is not a live object belongs to an unfinished or orphaned upload.
   */
  async s3Leftovers(bucket: string, prefix: string): Promise<string[]> {
    const live = await this.names(bucket, prefix);
    const parts = await this.names(`${bucket}+segments`, prefix);
    return parts.filter((p) => !live.some((key) => p.startsWith(`${key}/`)));
  }

  /** Stock layout: `<dir>/segments/%08d` objects are covered by the manifest `<dir>/data`. */
  async swiftLeftovers(container: string, prefix: string): Promise<string[]> {
    const names = await this.names(container, prefix);
    return names.filter((n) => {
      const at = n.lastIndexOf('/segments/');
      return at >= 0 && !names.includes(`${n.slice(0, at)}/data`);
    });
  }

  /** PID of one of the Swift servers the test started (`proxy`, `object`, …), to pause it. */
  pid(server: string): number {
    const lines = readFileSync(join(this.swift.base, 'run/pids'), 'utf8').trim().split('\n');
    const line = lines.find((l) => l.startsWith(`${server} `));
    if (!line) throw new Error(`no '${server}' in ${this.swift.base}/run/pids`);
    return Number(line.split(' ')[1]);
  }
}
