/** Bad command line or config: the CLI exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A run that could not do its job (missing backup, corrupt data, tar failure…): the CLI exits 1. */
export class AgentError extends Error {
  override name = 'AgentError';
}

/** One line for the user: the message of the error, without the class name or a stack. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
