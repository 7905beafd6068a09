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
import { useTimeseries } from '../api/queries';

const OK = '#3c9a3c';
const FAIL = '#c9302c';

export function OverviewCharts({ days = 14 }: { days?: number }) {
  const ts = useTimeseries(days);
  const data = ts.data?.days ?? [];
  return (
    <QueryState
      isPending={ts.isPending}
      error={ts.error}
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
              <Bar dataKey="backups_success" name="success" stackId="b" fill={OK} />
              <Bar dataKey="backups_fail" name="fail" stackId="b" fill={FAIL} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="card chart" aria-label="Stored bytes over time">
          <figcaption>Stored bytes</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <AreaChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" fontSize={11} />
              <YAxis tickFormatter={(v: number) => formatBytes(v)} fontSize={11} width={70} />
              <Tooltip formatter={(v) => formatBytes(Number(v))} />
              <Area dataKey="bytes_stored" name="stored" stroke="#2f6ea5" fill="#9cc3e6" />
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
              <Bar dataKey="runs_success" name="success" stackId="r" fill={OK} />
              <Bar dataKey="runs_fail" name="fail" stackId="r" fill={FAIL} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>
    </QueryState>
  );
}
