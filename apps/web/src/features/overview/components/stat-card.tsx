import type { ReactNode } from 'react';

export function StatCard({
  title,
  value,
  children,
}: {
  title: string;
  value: ReactNode;
  children?: ReactNode;
}) {
  return (
    <section className="card stat-card" aria-label={title}>
      <h2>{title}</h2>
      <output className="stat-value" aria-label={`${title} total`}>
        {value}
      </output>
      {children ? <div className="stat-detail">{children}</div> : null}
    </section>
  );
}

export function CountList({
  label,
  title,
  counts,
}: {
  label: string;
  title: string;
  counts: Record<string, number>;
}) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return null;
  return (
    <dl className="count-list" aria-label={label}>
      <span className="count-title">{title}:</span>
      {entries.map(([k, n]) => (
        <div key={k}>
          <dt>{k || 'none'}</dt>
          <dd>{n}</dd>
        </div>
      ))}
    </dl>
  );
}
