import { ActionsPage } from '../features/actions/components/actions-page';

export default function ActionsRoute() {
  return <ActionsPage />;
}
