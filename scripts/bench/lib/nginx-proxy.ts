// Debian's nginx as the reverse proxy in front of API replicas, on loopback only: a temporary
// prefix with its own config, pid file and logs, run in the foreground (daemon off) and stopped by
// its PID. The access log names the replica (and any failed attempt) of every request.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, stopPid, waitForHttp } from '@freezer/testkit';

const NGINX = '/usr/sbin/nginx';

export interface NginxProxy {
  url: string;
  /** The master process; its workers are found through /proc. */
  pid: number;
  accessLog: string;
  stop(): Promise<void>;
}

export interface UpstreamStats {
  /** Requests answered, by replica address. */
  answeredBy: Map<string, number>;
  /** Requests that tried a replica, failed there and were passed to the next one. */
  retried: number;
  /** Requests nginx answered with 502/503/504 itself (no replica could answer): method, epoch ms. */
  gatewayErrors: { method: string; at: number }[];
  total: number;
}

function config(prefix: string, port: number, upstreams: string[]): string {
  return `worker_processes 1;
worker_rlimit_nofile 8192;
error_log ${prefix}/error.log warn;
pid ${prefix}/nginx.pid;
events { worker_connections 4096; }
http {
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  log_format replicas '$upstream_addr|$status|$request_method|$msec';
  access_log ${prefix}/access.log replicas buffer=64k flush=1s;
  upstream freezer_api {
${upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 1m;
    location / {
      proxy_pass http://freezer_api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
`;
}

export async function startNginx(workDir: string, upstreams: string[]): Promise<NginxProxy> {
  if (!existsSync(NGINX)) {
    throw new Error('nginx is missing: apt-get install -y --no-install-recommends nginx');
  }
  const prefix = join(workDir, 'nginx');
  mkdirSync(join(prefix, 'tmp'), { recursive: true });
  // Workers run as an unprivileged user when started by root: they must reach the prefix.
  chmodSync(workDir, 0o755);
  chmodSync(prefix, 0o755);
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, config(prefix, port, upstreams));
  const child: ChildProcess = spawn(NGINX, ['-p', prefix, '-c', conf, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthcheck`, () => child.exitCode === null, 30);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`nginx did not start: ${(err as Error).message}\n${stderr}`);
  }
  const pid = child.pid ?? -1;
  return { url, pid, accessLog: join(prefix, 'access.log'), stop: () => stopPid(pid) };
}

/** Reads the access log (call after stop, so the buffer is flushed). */
export function upstreamStats(accessLog: string): UpstreamStats {
  const stats: UpstreamStats = { answeredBy: new Map(), retried: 0, gatewayErrors: [], total: 0 };
  for (const line of readFileSync(accessLog, 'utf8').split('\n')) {
    if (!line) continue;
    const [addrs = '', status = '', method = '', msec = '0'] = line.split('|');
    stats.total++;
    // "a:1, b:2" when the first replica failed and the second answered.
    const tried = addrs.split(/,\s*|\s+:\s+/).filter(Boolean);
    if (tried.length > 1) stats.retried++;
    if (/^50[234]$/.test(status)) stats.gatewayErrors.push({ method, at: Number(msec) * 1000 });
    const last = tried.at(-1) ?? '-';
    stats.answeredBy.set(last, (stats.answeredBy.get(last) ?? 0) + 1);
  }
  return stats;
}
