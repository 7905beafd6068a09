import { useParams } from 'react-router';
import { ClientDetailPage } from '../features/clients/components/client-detail-page';

export default function ClientDetailRoute() {
  const { clientId = '' } = useParams();
  return <ClientDetailPage key={clientId} clientId={clientId} />;
}
