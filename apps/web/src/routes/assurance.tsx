import { AssurancePage } from '../features/drills/components/assurance-page';

export default function AssuranceRoute() {
  return <AssurancePage />;
}
