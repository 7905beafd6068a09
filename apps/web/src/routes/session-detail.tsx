import { useParams } from 'react-router';
import { SessionDetailPage } from '../features/sessions/components/session-detail-page';

export default function SessionDetailRoute() {
  const { sessionId = '' } = useParams();
  return <SessionDetailPage key={sessionId} sessionId={sessionId} />;
}
