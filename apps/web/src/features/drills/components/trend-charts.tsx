import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BackupDoc, DrillDoc } from '@freezer/api-client';
import { formatBytes, formatSeconds, formatEpoch } from '../../../lib/format';
import { backupTrend } from '../api/assurance';

const day = (t: number) => formatEpoch(t).slice(0, 16);

function Trend<T extends { time: number }>({
  label,
  data,
  dataKey,
  format,
  color,
}: {
  label: string;
  data: T[];
  dataKey: keyof T & string;
  format: (v: number) => string;
  color: string;
}) {
  return (
    <figure className="card chart" aria-label={label}>
      <figcaption>{label}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="time" tickFormatter={day} fontSize={11} />
          <YAxis tickFormatter={(v: number) => format(v)} fontSize={11} width={80} />
          <Tooltip labelFormatter={(t) => day(Number(t))} formatter={(v) => format(Number(v))} />
          <Line isAnimationActive={false} dataKey={dataKey} stroke={color} dot />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** A job's trends: backup size, duration and throughput, and the drills' restore times. */
export function TrendCharts({
  jobId,
  backups,
  drills,
}: {
  jobId: string;
  backups: BackupDoc[];
  drills: DrillDoc[];
}) {
  const points = backupTrend(backups, jobId);
  const restores = drills
    .filter((d) => d.restore_seconds !== null)
    .map((d) => ({ time: d.time_started, seconds: d.restore_seconds ?? 0 }))
    .reverse();
  return (
    <div className="charts">
      <Trend label="Backup size" data={points} dataKey="bytes" format={formatBytes} color="#3366aa" />
      <Trend
        label="Backup duration"
        data={points}
        dataKey="durationS"
        format={formatSeconds}
        color="#aa7733"
      />
      <Trend
        label="Backup throughput"
        data={points}
        dataKey="throughputBps"
        format={(v) => `${formatBytes(v)}/s`}
        color="#338855"
      />
      <Trend
        label="Restore time (drills)"
        data={restores}
        dataKey="seconds"
        format={formatSeconds}
        color="#883377"
      />
    </div>
  );
}
