import { catalogRecords } from '@freezer/openstack';
import { Command } from 'commander';
import { parseSubcommand } from './subcommand.js';

/**
 * `freezer-api catalog --public-url URL [--internal-url URL] [--admin-url URL] [--region R] [--json]`:
 * prints the service and endpoint records that register this API in a cloud's Keystone catalog
 * (service type `backup`, as the stock freezer-api), as `openstack` commands or JSON. Returns the exit code.
 */
export function runCatalog(argv: string[], env: NodeJS.ProcessEnv): number {
  const program = new Command('freezer-api catalog')
    .description("print the records that register this API in a cloud's catalog (service type backup)")
    .option(
      '--public-url <url>',
      'the URL clients reach the API at (env FREEZER_PUBLIC_URL)',
      env.FREEZER_PUBLIC_URL,
    )
    .option('--internal-url <url>', 'the internal endpoint (default: the public one)')
    .option('--admin-url <url>', 'the admin endpoint (default: the public one)')
    .option('--region <name>', 'the region (env OS_REGION_NAME)', env.OS_REGION_NAME ?? 'RegionOne')
    .option('--json', 'JSON records instead of openstack commands');
  const parsed = parseSubcommand(program, argv);
  if (parsed !== undefined) return parsed;
  const o = program.opts<{
    publicUrl?: string;
    internalUrl?: string;
    adminUrl?: string;
    region: string;
    json?: boolean;
  }>();
  const urls = [o.publicUrl, o.internalUrl, o.adminUrl].filter((u) => u !== undefined);
  if (o.publicUrl === undefined || urls.some((u) => !/^https?:\/\/[^\s/]+/.test(u))) {
    console.error('freezer-api catalog: --public-url (and any other URL) must be an http:// or https:// URL');
    return 2;
  }
  const trim = (u: string | undefined) => u?.replace(/\/+$/, '');
  const records = catalogRecords({
    publicUrl: trim(o.publicUrl) ?? '',
    ...(o.internalUrl ? { internalUrl: trim(o.internalUrl) } : {}),
    ...(o.adminUrl ? { adminUrl: trim(o.adminUrl) } : {}),
    region: o.region,
  });
  if (o.json)
    console.log(JSON.stringify({ service: records.service, endpoints: records.endpoints }, null, 2));
  else console.log(records.commands.join('\n'));
  return 0;
}
