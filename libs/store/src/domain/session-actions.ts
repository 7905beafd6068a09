import type { SessionActionBody, SessionDoc, SessionJob } from '@freezer/schema';
import { badRequest } from '../errors.js';

export interface SessionActionOutcome {
  session: SessionDoc;
  result: string;
}

function tagOf(value: number | string | undefined): number {
  return typeof value === 'number' ? value : Number.parseInt(value ?? '0', 10);
}

/**
 * `start`: the stock tag protocol. A job may start the session when it carries the current tag and
 * the hold-off window since the last start has passed (the tag then increments); a job with an
 * older tag joins a run that started within the hold-off window.
 */
function start(session: SessionDoc, jobId: string, tag: number, now: number): SessionActionOutcome {
  const jobs = session.jobs ?? {};
  const entry = jobs[jobId];
  if (!entry) throw badRequest(`job_id ${jobId} not found in session ${session.session_id}`);
  if (tag > session.session_tag) {
    throw badRequest(`requested tag value too high. Session Tag: ${session.session_tag} Job Tag: ${tag}`);
  }
  const running: SessionJob = { ...entry, status: 'running', result: '', time_started: now };
  const since = now - session.time_start;
  if (since <= session.hold_off) {
    if (tag < session.session_tag) {
      return { session: { ...session, jobs: { ...jobs, [jobId]: running } }, result: 'success' };
    }
    return { session, result: 'hold-off' };
  }
  if (tag === session.session_tag) {
    return {
      session: {
        ...session,
        session_tag: session.session_tag + 1,
        time_start: now,
        time_started: now,
        status: 'running',
        result: '',
        jobs: { ...jobs, [jobId]: running },
      },
      result: 'success',
    };
  }
  return { session, result: 'out-of-sync' };
}

/** `end`: record the job's result; when every job has completed, the session completes too. */
function end(session: SessionDoc, jobId: string, result: string, now: number): SessionActionOutcome {
  const jobs = session.jobs ?? {};
  const entry = jobs[jobId];
  if (!entry) throw badRequest(`job_id ${jobId} not found in session ${session.session_id}`);
  const nextJobs = { ...jobs, [jobId]: { ...entry, status: 'completed', result, time_ended: now } };
  const all = Object.values(nextJobs);
  let overall: string;
  if (all.some((j) => j.status !== 'completed')) overall = 'running';
  else if (all.some((j) => j.result !== 'success')) overall = 'fail';
  else overall = 'success';
  let next: SessionDoc = { ...session, jobs: nextJobs };
  if (session.status !== 'completed' && (overall === 'fail' || overall === 'success')) {
    next = { ...next, time_end: now, time_ended: now, result: overall, status: 'completed' };
  }
  return { session: next, result: 'success' };
}

export function applySessionAction(
  session: SessionDoc,
  body: SessionActionBody,
  now: number,
): SessionActionOutcome {
  if ('start' in body) return start(session, body.start.job_id, tagOf(body.start.current_tag), now);
  return end(session, body.end.job_id, body.end.result, now);
}
