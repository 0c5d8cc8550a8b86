import { Page } from '../../components/layout.tsx';

/** TO BE BUILT: Clients. */
export default function ClientsPage() {
  return <Page title="Clients">{null}</Page>;
}
