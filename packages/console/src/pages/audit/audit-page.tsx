import { Page } from '../../components/layout.tsx';

/** TO BE BUILT: Audit log. */
export default function AuditPage() {
  return <Page title="Audit log">{null}</Page>;
}
