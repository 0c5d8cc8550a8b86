import { Page } from '../../components/layout.tsx';

/** TO BE BUILT: Client. */
export default function ClientPage() {
  return <Page title="Client">{null}</Page>;
}
