import { Page } from '../../components/layout.tsx';

/** TO BE BUILT: Danger zone. */
export default function DangerPage() {
  return <Page title="Danger zone">{null}</Page>;
}
