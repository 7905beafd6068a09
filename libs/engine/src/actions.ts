import { AgentError } from './errors.js';
import type { Logger } from './logger.js';
import type { AgentOptions } from './options.js';
import type { AgentIO } from './run-agent.js';

/** Dispatches backup / restore / info / admin. */
export async function runAction(options: AgentOptions, _log: Logger, _io: AgentIO): Promise<void> {
  throw new AgentError(`--action ${options.action} is not available yet`);
}
