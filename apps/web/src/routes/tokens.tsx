import { TokensPage } from '../features/tokens/components/tokens-page';

export default function TokensRoute() {
  return <TokensPage />;
}
