import { PageHeader } from '../../../components/page-header';
import { AttentionJobs } from './attention-jobs';
import { OverviewCharts } from './charts';
import { SummaryCards } from './summary-cards';

export function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" />
      <SummaryCards />
      <OverviewCharts />
      <AttentionJobs />
    </>
  );
}
