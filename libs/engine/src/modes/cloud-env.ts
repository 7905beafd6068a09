import type { AgentOptions } from '../agent-options.js';

/**
 * The OS_* variables the cloud modes log in with: --project-id scopes the session to that project
 * instead of OS_PROJECT_NAME/OS_PROJECT_ID, as the stock agent's client manager does.
 */
export function cloudEnv(o: Pick<AgentOptions, 'modes'>, env = process.env): NodeJS.ProcessEnv {
  const projectId = o.modes.projectId;
  if (!projectId) return env;
  const { OS_PROJECT_NAME: _name, ...rest } = env;
  return { ...rest, OS_PROJECT_ID: projectId };
}
