import type { AlertKind, AlertRuleDoc } from '@freezer/schema';
import type { AlertCondition } from '@freezer/store';
import { expectedStart } from './expected-start.js';
import type { ClientFacts, JobFacts, ProjectFacts } from './facts.js';

/**
 * One condition that holds now, for one rule on one job or client; its fingerprint (kind and
 * subject) is its identity: the same kind on the same subject is the same alert (deduplication).
 */
export type Finding = AlertCondition;

export type RuleParams = Pick<AlertRuleDoc, 'kinds' | 'selector' | 'grace_seconds' | 'stale_after_seconds'>;

const ago = (seconds: number): string => {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
};

const iso = (epochS: number): string => new Date(epochS * 1000).toISOString().replace('.000Z', 'Z');

function jobName(job: JobFacts): string {
  return job.description ? `"${job.description}" (${job.jobId})` : job.jobId;
}

const selected = (list: readonly string[] | undefined, id: string): boolean =>
  list === undefined || list.length === 0 || list.includes(id);

function jobFinding(job: JobFacts, kind: AlertKind, summary: string): Finding {
  return { kind, subjectType: 'job', subjectId: job.jobId, summary, fingerprint: `${kind}:job:${job.jobId}` };
}

function jobConditions(rule: RuleParams, job: JobFacts, facts: ProjectFacts, now: number): Finding[] {
  const out: Finding[] = [];
  const kinds = new Set(rule.kinds);
  if (kinds.has('job_late')) {
    const due = expectedStart(job);
    if (due !== null && now > due + rule.grace_seconds)
      out.push(
        jobFinding(
          job,
          'job_late',
          `job ${jobName(job)} on ${job.clientId} has not started: due ${iso(due)}, ${ago(now - due)} late`,
        ),
      );
  }
  if (kinds.has('job_failed') && job.lastResult === 'fail')
    out.push(jobFinding(job, 'job_failed', `job ${jobName(job)} on ${job.clientId} failed its last run`));
  if (kinds.has('rpo_breach') && job.rpoSeconds !== null && job.rpoSeconds > 0) {
    const since = job.lastSuccessAt ?? job.createdAt;
    const age = now - since;
    if (age > job.rpoSeconds)
      out.push(
        jobFinding(
          job,
          'rpo_breach',
          job.lastSuccessAt === null
            ? `job ${jobName(job)} has no good backup yet, RPO ${ago(job.rpoSeconds)}`
            : `job ${jobName(job)}: last good backup ${ago(age)} ago, RPO ${ago(job.rpoSeconds)}`,
        ),
      );
  }
  const drill = facts.drills.get(job.jobId);
  if (kinds.has('never_verified') && drill === undefined)
    out.push(jobFinding(job, 'never_verified', `job ${jobName(job)} was never verified by a restore drill`));
  if (kinds.has('drill_failed') && drill !== undefined && !drill.passed)
    out.push(
      jobFinding(
        job,
        'drill_failed',
        `job ${jobName(job)}: the last restore drill (${iso(drill.at)}) failed${drill.reason ? `: ${drill.reason}` : ''}`,
      ),
    );
  return out;
}

function clientCondition(rule: RuleParams, client: ClientFacts, now: number): Finding | null {
  if (!rule.kinds.includes('client_stale')) return null;
  const age = client.lastSeen === null ? null : now - client.lastSeen;
  if (age !== null && age <= rule.stale_after_seconds) return null;
  const name = client.hostname ? `${client.clientId} (${client.hostname})` : client.clientId;
  return {
    kind: 'client_stale',
    subjectType: 'client',
    subjectId: client.clientId,
    summary:
      age === null ? `client ${name} has never sent a heartbeat` : `client ${name} last seen ${ago(age)} ago`,
    fingerprint: `client_stale:client:${client.clientId}`,
  };
}

/** Every condition of `rule` that holds at `now` (epoch seconds) over the project's facts. */
export function evaluateRule(rule: RuleParams, facts: ProjectFacts, now: number): Finding[] {
  const out: Finding[] = [];
  const clientIds = rule.selector.client_ids;
  for (const job of facts.jobs) {
    if (!selected(rule.selector.job_ids, job.jobId) || !selected(clientIds, job.clientId)) continue;
    out.push(...jobConditions(rule, job, facts, now));
  }
  // A rule narrowed to jobs watches those jobs only, not every client.
  if (rule.selector.job_ids === undefined || rule.selector.job_ids.length === 0) {
    for (const client of facts.clients) {
      if (!selected(clientIds, client.clientId)) continue;
      const finding = clientCondition(rule, client, now);
      if (finding) out.push(finding);
    }
  }
  return out;
}
