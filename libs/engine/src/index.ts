export * from './errors.js';
export * from './options.js';
export { runAgent, EXIT_OK, EXIT_FAILURE, EXIT_USAGE, type AgentIO } from './run-agent.js';
export { mountPointOf } from './snapshot/lvm-guess.js';
