import type { RunDoc } from '@freezer/api-client';
import { Modal } from '../../../components/modal';
import { StatusBadge } from '../../../components/status-badge';
import { formatEpoch } from '../../../lib/format';

/** One run's actions: result, exit code, attempts, reason and the tail of what the agent printed. */
export function RunLogDialog({ run, title, onClose }: { run: RunDoc; title: string; onClose: () => void }) {
  const actions = Array.isArray(run.actions) ? run.actions : [];
  return (
    <Modal title={title} onClose={onClose} wide>
      <p>
        {formatEpoch(run.time_started)} → {formatEpoch(run.time_ended)} <StatusBadge value={run.result} />
      </p>
      {actions.length === 0 ? <p>This run reported no actions.</p> : null}
      {actions.map((a, i) => (
        <section key={i} className="run-log-action" aria-label={`Action ${i + 1}: ${a.action}`}>
          <h3>
            {i + 1}. {a.action}
            {a.mode ? ` (${a.mode})` : ''} <StatusBadge value={a.result} />
          </h3>
          <p className="muted">
            exit code {a.exit_code} · {a.attempts} attempt{a.attempts === 1 ? '' : 's'}
          </p>
          {a.error ? <p className="run-reason">{a.error}</p> : null}
          <pre className="run-log" aria-label="Agent output">
            {a.log || '(the agent printed nothing)'}
          </pre>
        </section>
      ))}
    </Modal>
  );
}
