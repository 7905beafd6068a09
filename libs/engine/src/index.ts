export * from './errors.js';
export * from './cli/options.js';
export { runAgent, EXIT_OK, EXIT_FAILURE, EXIT_USAGE, type AgentIO } from './cli/run-agent.js';
