import { JOB_EVENT_REQUESTS, type JobEventRequest, type JobSchedule } from '@freezer/schema';
import { badRequest } from '../errors.js';

/** Validates `{"<event>": <ignored>}` and returns the event name. */
export function parseJobEvent(body: unknown): JobEventRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) {
    throw badRequest(
      'job event body must be an object with one key: start, stop or abort (e.g. {"start": null})',
    );
  }
  const keys = Object.keys(body);
  if (keys.length > 1) throw badRequest(`job event body must have exactly one key, got ${keys.join(', ')}`);
  const event = keys[0] as string;
  if (!(JOB_EVENT_REQUESTS as readonly string[]).includes(event)) {
    throw badRequest(`unknown job event '${event}': expected start, stop or abort`);
  }
  return event as JobEventRequest;
}

/** The stock event rules: a repeated request is a no-op; `start` also clears status and result. */
export function applyJobEvent(
  schedule: JobSchedule,
  event: JobEventRequest,
): { schedule: JobSchedule; result: string } {
  if (schedule.event === event) return { schedule, result: `${event} already requested` };
  const next: JobSchedule = { ...schedule, event };
  if (event === 'start') {
    next.status = '';
    next.result = '';
  }
  return { schedule: next, result: 'success' };
}
