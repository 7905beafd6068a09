import { useState } from 'react';
import { Link } from 'react-router';
import { Field } from '../../../components/field';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/query-state';
import { StatusBadge } from '../../../components/status-badge';
import { useToast } from '../../../components/toasts';
import { formatEpoch } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { useJobs } from '../../jobs/api/queries';
import { describeSchedule } from '../../jobs/api/schedule';
import { AttachScheduleChoice } from './attach-schedule-choice';
import { useAttachJob, useDetachJob, useSession, useStartSession } from '../api/queries';
import { SessionDialog } from './session-dialog';
import { PlainTable } from '../../../components/plain-table';

export function SessionDetailPage({ sessionId }: { sessionId: string }) {
  const session = useSession(sessionId);
  const jobs = useJobs({ limit: -1 });
  const attach = useAttachJob();
  const detach = useDetachJob();
  const start = useStartSession();
  const { notify } = useToast();
  const [jobToAttach, setJobToAttach] = useState('');
  const [editing, setEditing] = useState(false);
  const s = session.data;
  const members = Object.entries(s?.jobs ?? {});
  const candidates = (jobs.data ?? []).filter((j) => !(s?.jobs ?? {})[j.job_id]);
  const [keepSchedule, setKeepSchedule] = useState(true);
  const attaching = candidates.find((j) => j.job_id === jobToAttach);
  const fail = (what: string) => (err: unknown) => notify('error', `Could not ${what}: ${errorMessage(err)}`);
  return (
    <QueryState
      isPending={session.isPending}
      error={session.error}
      hasData={session.data !== undefined}
      onRetry={() => void session.refetch()}
    >
      {s ? (
        <>
          <PageHeader title={`Session: ${s.description || s.session_id}`}>
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          </PageHeader>
          <dl className="detail-grid">
            <dt>Session id</dt>
            <dd className="mono">{s.session_id}</dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge value={s.status} />
            </dd>
            <dt>Result</dt>
            <dd>
              <StatusBadge value={s.result} />
            </dd>
            <dt>Tag</dt>
            <dd>{s.session_tag ?? 0}</dd>
            <dt>Hold-off</dt>
            <dd>{s.hold_off ?? '—'} s</dd>
            <dt>Schedule</dt>
            <dd>{describeSchedule(s.schedule)}</dd>
            <dt>Last start / end</dt>
            <dd>
              {formatEpoch(s.time_start)} / {formatEpoch(s.time_end)}
            </dd>
          </dl>
          <h2>Jobs and per-node results</h2>
          <PlainTable
            headers={['Job', 'Client', 'Status', 'Result', 'Started', 'Ended', 'Actions']}
            label="Session jobs"
          >
            {members.length === 0 ? (
              <tr>
                <td colSpan={7} className="empty-row">
                  No jobs in this session.
                </td>
              </tr>
            ) : (
              members.map(([jobId, m]) => (
                <tr key={jobId}>
                  <td>
                    <Link to={`/jobs/${jobId}`}>
                      {jobs.data?.find((j) => j.job_id === jobId)?.description || jobId}
                    </Link>
                  </td>
                  <td>{m.client_id ?? '—'}</td>
                  <td>
                    <StatusBadge value={m.status} />
                  </td>
                  <td>
                    <StatusBadge value={m.result} />
                  </td>
                  <td>{formatEpoch(m.time_started)}</td>
                  <td>{formatEpoch(m.time_ended)}</td>
                  <td className="page-actions">
                    <button
                      type="button"
                      onClick={() =>
                        start.mutate(
                          { sessionId, jobId, tag: s.session_tag ?? 0 },
                          {
                            onSuccess: (r) => notify('info', `Session start: ${r.result}`),
                            onError: fail('start'),
                          },
                        )
                      }
                    >
                      Start
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        detach.mutate(
                          { sessionId, jobId },
                          { onSuccess: () => notify('success', 'Job detached'), onError: fail('detach') },
                        )
                      }
                    >
                      Detach
                    </button>
                  </td>
                </tr>
              ))
            )}
          </PlainTable>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!jobToAttach) return;
              attach.mutate(
                { sessionId, jobId: jobToAttach, keepSchedule },
                {
                  onSuccess: () => {
                    notify('success', 'Job attached');
                    setJobToAttach('');
                  },
                  onError: fail('attach'),
                },
              );
            }}
          >
            <Field label="Job to attach">
              {(p) => (
                <select {...p} value={jobToAttach} onChange={(e) => setJobToAttach(e.target.value)}>
                  <option value="">Choose a job…</option>
                  {candidates.map((j) => (
                    <option key={j.job_id} value={j.job_id}>
                      {j.description || j.job_id} ({j.client_id})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {attaching ? (
              <AttachScheduleChoice
                keep={keepSchedule}
                onChange={setKeepSchedule}
                jobSchedule={attaching.job_schedule}
                sessionSchedule={s.schedule}
              />
            ) : null}
            <button type="submit" disabled={!jobToAttach || attach.isPending}>
              Attach job
            </button>
          </form>
          {editing ? <SessionDialog session={s} onClose={() => setEditing(false)} /> : null}
        </>
      ) : null}
    </QueryState>
  );
}
