import { Command, CommanderError, Option } from 'commander';
import { ApiError, ApiUnreachableError } from '@freezer/api-client';
import { FREEZER_VERSION } from '@freezer/schema';
import * as cmd from './api-commands.js';
import { runningPid, spawnDaemon, stopPid } from './daemon.js';
import { apiClientFor, runForeground } from './foreground.js';
import { resolveSettings, UsageError, type RawOptions, type Settings } from './settings.js';

const program = new Command('freezer-scheduler')
  .description('Freezer scheduler: runs the jobs of this node on schedule, and a CLI for the Freezer API')
  .version(FREEZER_VERSION, '--version')
  .option('-c, --client-id <id>', 'client id of this node (default "<project>_<hostname>")')
  .option('-i, --interval <seconds>', 'API poll interval in seconds (default 60)')
  .option('-f, --jobs-dir <dir>', 'job JSON files here are uploaded on start and when they change')
  .addOption(new Option('--conf <dir>').hideHelp())
  .option('--concurrent-jobs <n>', 'jobs run at the same time (default 1)')
  .addOption(new Option('--concurrent_jobs <n>').hideHelp())
  .option('--disable-exec', 'refuse jobs with exec actions (they fail)')
  .option(
    '--kill-grace <seconds>',
    'an aborted agent gets this long after SIGTERM before SIGKILL (default 10)',
  )
  .option(
    '--cloud-kill-grace <seconds>',
    'the same for glance, cinder, nova and cindernative actions, which delete cloud objects (default 180)',
  )
  .option(
    '--config-file <path>',
    'INI file; [DEFAULT] takes the same keys with underscores (os_auth_url, ...)',
  )
  .option('--api-url <url>', 'Freezer API base URL (env OS_BACKUP_URL)')
  .addOption(new Option('--os-backup-url <url>').hideHelp())
  .option('--project-id <id>', 'project id (env OS_PROJECT_ID)')
  .addOption(new Option('--os-project-id <id>').hideHelp())
  .option('--token <token>', 'token sent as X-Auth-Token (env OS_TOKEN)')
  .addOption(new Option('--os-token <token>').hideHelp())
  .option('--os-auth-url <url>', 'identity v3 endpoint (env OS_AUTH_URL)')
  .option('--os-username <name>', 'identity user (env OS_USERNAME)')
  .option('--os-password <password>', 'identity password (env OS_PASSWORD)')
  .option('--os-user-domain-name <name>', 'env OS_USER_DOMAIN_NAME')
  .option('--os-project-name <name>', 'env OS_PROJECT_NAME')
  .option('--os-project-domain-name <name>', 'env OS_PROJECT_DOMAIN_NAME')
  .option('--agent-path <path>', 'freezer-agent to run (default: the one next to this program, else PATH)')
  .option('--state-dir <dir>', 'slot memory and result spool (default ~/.freezer/scheduler)')
  .option('--pid-file <path>', 'default <state-dir>/freezer-scheduler.pid')
  .option('--log-file <path>', 'daemon log, default <state-dir>/freezer-scheduler.log')
  .option('--no-daemon', 'run in the foreground (systemd, containers)')
  .option('--timezone <zone>', 'IANA zone for naive schedule dates and cron fields (default: the node zone)')
  .addOption(
    new Option('--clock-speed <factor>', 'test only: run the clock this many times faster').hideHelp(),
  )
  .addOption(new Option('--clock-start <iso>', 'test only: clock start instant').hideHelp())
  .option('--format <format>', 'table or json', 'table')
  .option('--debug', 'print stack traces')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

function settings(): Settings {
  const o = program.opts<RawOptions & Record<string, string | boolean | undefined>>();
  return resolveSettings({
    ...o,
    jobsDir: o.jobsDir ?? (o.conf as string | undefined),
    concurrentJobs: o.concurrentJobs ?? (o.concurrent_jobs as string | undefined),
    apiUrl: o.apiUrl ?? (o.osBackupUrl as string | undefined),
    projectId: o.projectId ?? (o.osProjectId as string | undefined),
    token: o.token ?? (o.osToken as string | undefined),
  });
}

const api = () => apiClientFor(settings());
const fmt = () => settings().format;

/** Arguments to hand to the detached child: everything but the action word. */
function daemonArgv(): string[] {
  const args = process.argv.slice(1);
  return args
    .filter((a, i) => !(i > 0 && ['start', 'restart'].includes(a)) && a !== '--no-daemon')
    .concat('start');
}

async function start(): Promise<void> {
  const s = settings();
  if (!s.daemon) return runForeground(s);
  const pid = runningPid(s.pidFile);
  if (pid !== null) throw new Error(`freezer-scheduler is already running (pid ${pid})`);
  const child = await spawnDaemon(daemonArgv(), s.pidFile, s.logFile);
  console.log(`freezer-scheduler started (pid ${child}), log ${s.logFile}`);
}

async function stop(): Promise<void> {
  const s = settings();
  const pid = runningPid(s.pidFile);
  if (pid === null) {
    console.log('freezer-scheduler is not running');
    return;
  }
  // The daemon ends once its aborted agents have: wait out the longest grace it may give them.
  const waitS = Math.max(s.killGrace.seconds, s.killGrace.cloudSeconds) + 20;
  if (!(await stopPid(pid, waitS * 1000)))
    throw new Error(`freezer-scheduler (pid ${pid}) did not stop within ${waitS} s`);
  console.log(`freezer-scheduler stopped (pid ${pid})`);
}

program.command('start').description('start the scheduler (daemon unless --no-daemon)').action(start);
program.command('stop').description('stop the daemon').action(stop);
program
  .command('restart')
  .description('stop, then start the daemon')
  .action(async () => {
    await stop();
    await start();
  });
program
  .command('status')
  .description('is the daemon running (exit 1 if not)')
  .action(() => {
    const pid = runningPid(settings().pidFile);
    if (pid === null) {
      console.log('freezer-scheduler is not running');
      process.exitCode = 1;
    } else console.log(`freezer-scheduler is running (pid ${pid})`);
  });

const jobId = (id: string | undefined, o: { jobId?: string }): string => {
  const v = id ?? o.jobId;
  if (!v) throw new UsageError('a job id is required (argument or -j/--job-id)');
  return v;
};

program
  .command('job-create')
  .description('create a job from a JSON file')
  .requiredOption('--file <path>', 'job document')
  .action((o: { file: string }) => cmd.jobCreate(api(), o.file, program.opts<RawOptions>().clientId));
program
  .command('job-list')
  .description('list jobs (of --client-id when given)')
  .action(() => cmd.jobList(api(), fmt(), program.opts<RawOptions>().clientId));
for (const [name, run] of [
  ['job-get', (id: string) => cmd.jobGet(api(), id)],
  ['job-delete', (id: string) => cmd.jobDelete(api(), id)],
  ['job-start', (id: string) => cmd.jobEvent(api(), id, 'start')],
  ['job-stop', (id: string) => cmd.jobEvent(api(), id, 'stop')],
  ['job-abort', (id: string) => cmd.jobEvent(api(), id, 'abort')],
  ['job-run-now', (id: string) => cmd.jobEvent(api(), id, 'run_now')],
] as const) {
  program
    .command(name)
    .argument('[job_id]')
    .option('-j, --job-id <id>')
    .action((id: string | undefined, o: { jobId?: string }) => run(jobId(id, o)));
}
program
  .command('job-runs')
  .description("a job's runs, newest first, with the reason of each failure")
  .argument('[job_id]')
  .option('-j, --job-id <id>')
  .action((id: string | undefined, o: { jobId?: string }) => cmd.jobRuns(api(), fmt(), jobId(id, o)));
program
  .command('job-log')
  .description("the agent's output and each action's reason for a job's newest run (or --run-id)")
  .argument('[job_id]')
  .option('-j, --job-id <id>')
  .option('--run-id <id>')
  .action((id: string | undefined, o: { jobId?: string; runId?: string }) =>
    cmd.jobLog(api(), jobId(id, o), o.runId),
  );

program
  .command('session-create')
  .requiredOption('--file <path>', 'session document')
  .action((o: { file: string }) => cmd.sessionCreate(api(), o.file));
program.command('session-list').action(() => cmd.sessionList(api(), fmt()));
const sessionId = (id: string | undefined, o: { sessionId?: string }): string => {
  const v = id ?? o.sessionId;
  if (!v) throw new UsageError('a session id is required (argument or --session-id)');
  return v;
};
program
  .command('session-get')
  .argument('[session_id]')
  .option('--session-id <id>')
  .action((id: string | undefined, o: { sessionId?: string }) => cmd.sessionGet(api(), sessionId(id, o)));
program
  .command('session-delete')
  .argument('[session_id]')
  .option('--session-id <id>')
  .action((id: string | undefined, o: { sessionId?: string }) => cmd.sessionDelete(api(), sessionId(id, o)));
program
  .command('session-add-job')
  .requiredOption('--session-id <id>')
  .requiredOption('--job-id <id>')
  .action((o: { sessionId: string; jobId: string }) => cmd.sessionAddJob(api(), o.sessionId, o.jobId));
program
  .command('session-remove-job')
  .requiredOption('--session-id <id>')
  .requiredOption('--job-id <id>')
  .action((o: { sessionId: string; jobId: string }) => cmd.sessionRemoveJob(api(), o.sessionId, o.jobId));
program.command('client-list').action(() => cmd.clientList(api(), fmt()));
program
  .command('backup-list')
  .option('-j, --job-id <id>', 'only backups of this job')
  .action((o: { jobId?: string }) => cmd.backupList(api(), fmt(), o.jobId));

function fail(err: unknown): never {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  if (err instanceof UsageError) {
    console.error(`freezer-scheduler: ${err.message}`);
    process.exit(2);
  }
  if (program.opts<RawOptions>().debug && err instanceof Error) console.error(err.stack);
  if (err instanceof ApiError) console.error(`[*] Error ${err.status}: ${err.message}`);
  else if (err instanceof ApiUnreachableError) console.error(`[*] Error: ${err.message}`);
  else console.error(`freezer-scheduler: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  fail(err);
}
