import { SessionsPage } from '../features/sessions/components/sessions-page';

export default function SessionsRoute() {
  return <SessionsPage />;
}
