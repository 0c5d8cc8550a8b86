import { useMe } from '../../api/me.ts';
import { Page } from '../../components/layout.tsx';
import { Loaded } from '../../components/states.tsx';

export default function OverviewPage() {
  const me = useMe();
  return (
    <Page title="Overview" description="The state of the service at a glance.">
      <Loaded query={me}>{(data) => <p>Signed in as {data.actor}.</p>}</Loaded>
    </Page>
  );
}
