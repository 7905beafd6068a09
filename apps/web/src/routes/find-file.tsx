import { FindFilePage } from '../features/catalog/components/find-file-page';

export default function FindFileRoute() {
  return <FindFilePage />;
}
