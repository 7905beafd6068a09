import { PageHeader } from '../../../components/page-header';
import { RunningJobs } from '../../progress/components/running-jobs';
import { AttentionJobs } from './attention-jobs';
import { OverviewCharts } from './charts';
import { SummaryCards } from './summary-cards';

export function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" />
      <SummaryCards />
      <RunningJobs />
      <OverviewCharts />
      <AttentionJobs />
    </>
  );
}
