import { FREEZER_VERSION } from '@freezer/schema';
import { oneLine, UsageError } from '../errors.js';
import { runExec } from './exec-command.js';
import { Logger } from '../logger.js';
import { writeMetadataOut } from './metadata-out.js';
import type { AgentOptions } from '../agent-options.js';
import { helpText, parseAgentOptions } from './options.js';
import { runAction } from './dispatch.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type AgentIO } from './agent-io.js';
import { whileAborting } from '../hooks/abort-cleanup.js';

/** The whole agent behind the CLI: returns the process exit code, never throws. */
export async function runAgent(argv: readonly string[], io: AgentIO): Promise<number> {
  const code = await runOnce(argv, io);
  // A run that failed because of SIGTERM returns here while its cloud objects are being deleted.
  await whileAborting();
  return code;
}

async function runOnce(argv: readonly string[], io: AgentIO): Promise<number> {
  let options: AgentOptions;
  try {
    const parsed = parseAgentOptions(argv, io.cwd);
    if (parsed.kind === 'help') {
      io.stdout.write(`${helpText()}\n`);
      return EXIT_OK;
    }
    if (parsed.kind === 'version') {
      io.stdout.write(`freezer-agent ${FREEZER_VERSION}\n`);
      return EXIT_OK;
    }
    options = parsed.options;
  } catch (err) {
    io.stderr.write(`freezer-agent: error: ${oneLine(err)}\n`);
    if (!(err instanceof UsageError)) return EXIT_FAILURE;
    return EXIT_USAGE;
  }

  const log = new Logger({
    file: options.logFile,
    debug: options.debug,
    verbose: options.verbose,
    quiet: options.quiet,
    stderr: io.stderr,
  });
  if (options.ignored.length > 0)
    log.info(`stock options without effect here: ${options.ignored.map((o) => `--${o}`).join(' ')}`);
  if (options.replacedStorage) {
    const { storage, container } = options.replacedStorage;
    const sections = options.storageSections.map((s) => `[storage:${s.name}]`).join(', ');
    log.warn(
      `storage = ${storage}${container ? ` (container ${container})` : ''} is not used: ` +
        `the ${sections} sections of --config are the storages, as with the stock agent`,
    );
  }
  try {
    if (options.action === 'exec') {
      // With --metadata-out - stdout carries only the JSON, so the command's output goes to stderr.
      const commandOut = options.metadataOut === '-' ? io.stderr : io.stdout;
      const result = await runExec(options.command as string, log, commandOut, io.stderr);
      writeMetadataOut(
        options.metadataOut,
        {
          action: 'exec',
          command: options.command,
          exit_code: result.exitCode,
          time_started: Math.floor(result.timeStarted / 1000),
          time_ended: Math.floor(result.timeEnded / 1000),
          duration_s: (result.timeEnded - result.timeStarted) / 1000,
          result: result.exitCode === 0 ? 'success' : 'fail',
          hostname: options.hostname,
          output_tail: result.outputTail,
        },
        io.stdout,
      );
      return result.exitCode;
    }
    await runAction(options, log, io);
    return EXIT_OK;
  } catch (err) {
    const message = oneLine(err);
    log.error(message);
    if (options.debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    io.stderr.write(`freezer-agent: error: ${message}\n`);
    return err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}
