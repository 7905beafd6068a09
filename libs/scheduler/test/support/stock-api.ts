import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpOk, requireBinary, stopPid, waitFor } from '@freezer/testkit';

const REF = '/work/shared/reference/stock-freezer';

export interface RunningServer {
  url: string;
  dir: string;
  pid: number;
  stop(): Promise<void>;
  /** Starts the server again on the same port and database (after stop()). */
  restart(): Promise<void>;
}

/**
 * The real Debian freezer-api (v2, sqlite) on a free loopback port in its own temp dir, with the reference's
 * noauth filter in place of keystonemiddleware (same recipe as ref-api-start.sh, own directory and port).
 */
export async function startStockApi(): Promise<RunningServer> {
  requireBinary('/usr/bin/freezer-api', 'freezer-api python3-freezer-api');
  const dir = mkdtempSync(join(tmpdir(), 'stock-freezer-api-'));
  const port = await freePort();
  copyFileSync(join(REF, 'ref_freezer_noauth.py'), join(dir, 'ref_freezer_noauth.py'));
  writeFileSync(
    join(dir, 'api.conf'),
    `[DEFAULT]\nbind_host = 127.0.0.1\nbind_port = ${port}\nenable_v1_api = false\nlog_dir = ${dir}\nlog_file = api.log\n` +
      `[storage]\nbackend = sqlalchemy\ndriver = sqlalchemy\n[database]\nconnection = sqlite:///${dir}/freezer.sqlite\n` +
      `[paste_deploy]\nconfig_file = ${dir}/paste.ini\n[oslo_policy]\npolicy_file = ${dir}/policy.yaml\n`,
  );
  writeFileSync(join(dir, 'policy.yaml'), '# defaults\n');
  writeFileSync(
    join(dir, 'paste.ini'),
    `[app:api_versions]\npaste.app_factory = freezer_api.api.versions:api_versions\n` +
      `[app:appv1]\npaste.app_factory = freezer_api.service:freezer_appv1_factory\n` +
      `[app:appv2]\npaste.app_factory = freezer_api.service:freezer_appv2_factory\n` +
      `[filter:noauth]\npaste.filter_factory = ref_freezer_noauth:filter_factory\nuser_id = ref-user\nuser_name = ref-user\nproject_id = ref-project\nroles = admin,member\n` +
      `[filter:healthcheck]\npaste.filter_factory = oslo_middleware:Healthcheck.factory\nbackends = disable_by_file\ndisable_by_file_path = ${dir}/hc_disable\n` +
      `[filter:context]\npaste.filter_factory = freezer_api.api.common.middleware:ContextMiddleware.factory\n` +
      `[filter:versionsNegotiator]\npaste.filter_factory = freezer_api.api.versions:VersionNegotiator.factory\n` +
      `[filter:http_proxy_to_wsgi]\npaste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory\n` +
      `[pipeline:main]\npipeline = healthcheck http_proxy_to_wsgi versionsNegotiator noauth context backupapp\n` +
      `[composite:backupapp]\npaste.composite_factory = freezer_api.service:root_app_factory\n/: api_versions\n/v1: appv1\n/v2: appv2\n`,
  );
  const env = { ...process.env, PYTHONPATH: dir };
  const sync = spawnSync('/usr/bin/freezer-manage', ['--config-file', join(dir, 'api.conf'), 'db', 'sync'], {
    cwd: dir,
    env,
  });
  if (sync.status !== 0)
    throw new Error(`freezer-manage db sync failed: ${sync.stderr.toString().slice(-500)}`);
  const url = `http://127.0.0.1:${port}`;
  const launch = async (): Promise<number> => {
    const out = openSync(join(dir, 'stdout.log'), 'a');
    const child = spawn('/usr/bin/freezer-api', ['--config-file', join(dir, 'api.conf')], {
      cwd: dir,
      env,
      stdio: ['ignore', out, out],
    });
    await waitFor('stock freezer-api', () => httpOk(`${url}/v2/`), 60_000);
    return child.pid ?? -1;
  };
  const server: RunningServer = {
    url,
    dir,
    pid: await launch(),
    stop: () => stopPid(server.pid),
    restart: async () => {
      server.pid = await launch();
    },
  };
  return server;
}
