import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { QueryState } from '../../../components/query-state';
import { formatBytes } from '../../../lib/format';
import { useSummary, useTimeseries } from '../api/queries';
import { storedOverTime } from '../api/stored-over-time';

const OK = '#3c9a3c';
const FAIL = '#c9302c';

export function OverviewCharts({ days = 14 }: { days?: number }) {
  const ts = useTimeseries(days);
  const summary = useSummary();
  const data = ts.data?.days ?? [];
  const stored = storedOverTime(data, summary.data?.backups.bytes_stored);
  return (
    <QueryState
      isPending={ts.isPending}
      error={ts.error}
      hasData={ts.data !== undefined}
      isEmpty={data.length === 0}
      emptyText="No history yet."
    >
      <div className="charts">
        <figure className="card chart" aria-label="Backups per day by result">
          <figcaption>Backups per day</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" fontSize={11} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              <Legend />
              <Bar isAnimationActive={false} dataKey="backups_success" name="success" stackId="b" fill={OK} />
              <Bar isAnimationActive={false} dataKey="backups_fail" name="fail" stackId="b" fill={FAIL} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="card chart" aria-label="Stored bytes over time">
          <figcaption>Stored bytes</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <AreaChart data={stored}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" fontSize={11} />
              <YAxis tickFormatter={(v: number) => formatBytes(v)} fontSize={11} width={70} />
              <Tooltip formatter={(v) => formatBytes(Number(v))} />
              <Area
                isAnimationActive={false}
                dataKey="stored"
                name="stored"
                stroke="#2f6ea5"
                fill="#9cc3e6"
              />
            </AreaChart>
          </ResponsiveContainer>
        </figure>
        <figure className="card chart" aria-label="Job runs per day by result">
          <figcaption>Job runs per day</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" fontSize={11} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              <Legend />
              <Bar isAnimationActive={false} dataKey="runs_success" name="success" stackId="r" fill={OK} />
              <Bar isAnimationActive={false} dataKey="runs_fail" name="fail" stackId="r" fill={FAIL} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>
    </QueryState>
  );
}
