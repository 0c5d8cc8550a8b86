import { Page } from '../../components/layout.tsx';

/** TO BE BUILT: Scopes. */
export default function ScopesPage() {
  return <Page title="Scopes">{null}</Page>;
}
