// @freezer/alerts: freshness and alert planning. Pure functions over facts the API reads from its
// store; the API's shell does the reading, the writing and the sending.
export * from './facts.js';
export { expectedStart } from './expected-start.js';
export { evaluateRule, type Finding, type RuleParams } from './findings.js';
export { quietUntil } from './quiet-hours.js';
export { reconcile, type AlertPlan, type OpenAlert } from './reconcile.js';
export { MAX_DELIVERY_ATTEMPTS, retryDelaySeconds } from './backoff.js';
export { emailMessage, headline, webhookBody, type EmailMessage, type Notification } from './messages.js';
