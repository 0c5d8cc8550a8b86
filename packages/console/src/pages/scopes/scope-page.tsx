import { Page } from '../../components/layout.tsx';

/** TO BE BUILT: Scope. */
export default function ScopePage() {
  return <Page title="Scope">{null}</Page>;
}
