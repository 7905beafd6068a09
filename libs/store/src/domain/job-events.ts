import { JOB_EVENT_REQUESTS, type JobEventRequest, type JobSchedule } from '@freezer/schema';
import { badRequest } from '../errors.js';

/** Validates `{"<event>": <ignored>}` and returns the event name. */
export function parseJobEvent(body: unknown): JobEventRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) {
    throw badRequest(
      `job event body must be an object with one key: ${JOB_EVENT_REQUESTS.join(', ')} (e.g. {"start": null})`,
    );
  }
  const keys = Object.keys(body);
  if (keys.length > 1) throw badRequest(`job event body must have exactly one key, got ${keys.join(', ')}`);
  const event = keys[0] as string;
  if (!(JOB_EVENT_REQUESTS as readonly string[]).includes(event)) {
    throw badRequest(`unknown job event '${event}': expected ${JOB_EVENT_REQUESTS.join(', ')}`);
  }
  return event as JobEventRequest;
}

/**
 * The stock event rules: a repeated request is a no-op; `start` also clears status and result.
 * `run_now` (epoch seconds `now`) only marks the request: event, result and the schedule stay. A
 * completed job is no longer polled by its node, so it is held (`stop`) to be seen again.
 */
export function applyJobEvent(
  schedule: JobSchedule,
  event: JobEventRequest,
  now: number,
): { schedule: JobSchedule; result: string } {
  if (event === 'run_now') {
    if (schedule.run_now !== undefined) return { schedule, result: 'run_now already requested' };
    const next: JobSchedule = { ...schedule, run_now: now };
    if (schedule.status === 'completed') next.status = 'stop';
    return { schedule: next, result: 'success' };
  }
  if (schedule.event === event) return { schedule, result: `${event} already requested` };
  const next: JobSchedule = { ...schedule, event };
  if (event === 'start') {
    next.status = '';
    next.result = '';
  }
  return { schedule: next, result: 'success' };
}
