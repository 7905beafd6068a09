import { type Command, CommanderError } from 'commander';

/**
 * Parses a `freezer-api <subcommand>`'s arguments. Returns the exit code when it is already decided
 * (0 after --help, 2 with one clear message for bad arguments), undefined when the command should run.
 */
export function parseSubcommand(program: Command, argv: string[]): number | undefined {
  program.exitOverride().configureOutput({ writeErr: () => undefined });
  try {
    program.parse(argv, { from: 'user' });
    return undefined;
  } catch (err) {
    if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') return 0;
    console.error(`${program.name()}: ${(err as Error).message.replace(/^error: /, '')}`);
    return 2;
  }
}
