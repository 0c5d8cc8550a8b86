import { Page } from '../../components/layout.tsx';

/** TO BE BUILT: Signing keys. */
export default function KeysPage() {
  return <Page title="Signing keys">{null}</Page>;
}
