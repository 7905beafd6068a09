export * from './errors.js';
export type * from './agent-options.js';
export * from './cli/options.js';
export { runAgent } from './cli/run-agent.js';
export { EXIT_OK, EXIT_FAILURE, EXIT_USAGE, type AgentIO } from './cli/agent-io.js';
export { mountPointOf } from './snapshot/lvm-guess.js';
export { favourSmallHeap } from './heap-policy.js';
