import { AlertsPage } from '../features/alerts/components/alerts-page';

export default function AlertsRoute() {
  return <AlertsPage />;
}
