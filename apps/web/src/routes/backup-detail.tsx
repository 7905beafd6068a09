import { useParams } from 'react-router';
import { BackupDetailPage } from '../features/backups/components/backup-detail-page';

export default function BackupDetailRoute() {
  const { backupId = '' } = useParams();
  return <BackupDetailPage key={backupId} backupId={backupId} />;
}
