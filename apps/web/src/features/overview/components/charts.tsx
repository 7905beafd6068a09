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
        <ResultsPerDay
          label="Backups per day by result"
          title="Backups per day"
          data={data}
          success="backups_success"
          fail="backups_fail"
        />
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
        <ResultsPerDay
          label="Job runs per day by result"
          title="Job runs per day"
          data={data}
          success="runs_success"
          fail="runs_fail"
        />
      </div>
    </QueryState>
  );
}

type Day = NonNullable<ReturnType<typeof useTimeseries>['data']>['days'][number];

/** A stacked bar per day: successes under failures, one chart per counted thing. */
function ResultsPerDay(props: {
  label: string;
  title: string;
  data: Day[];
  success: keyof Day;
  fail: keyof Day;
}) {
  return (
    <figure className="card chart" aria-label={props.label}>
      <figcaption>{props.title}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={props.data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} />
          <Tooltip />
          <Legend />
          <Bar isAnimationActive={false} dataKey={props.success} name="success" stackId="s" fill={OK} />
          <Bar isAnimationActive={false} dataKey={props.fail} name="fail" stackId="s" fill={FAIL} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
