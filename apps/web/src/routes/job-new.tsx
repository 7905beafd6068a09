import { JobWizardPage } from '../features/jobs/components/job-wizard-page';

export default function JobNewRoute() {
  return <JobWizardPage />;
}
