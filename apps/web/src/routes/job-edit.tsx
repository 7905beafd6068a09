import { useParams } from 'react-router';
import { JobWizardPage } from '../features/jobs/components/job-wizard-page';

export default function JobEditRoute() {
  const { jobId = '' } = useParams();
  return <JobWizardPage jobId={jobId} />;
}
