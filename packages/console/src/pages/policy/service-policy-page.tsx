import { NavLink, Route, Routes } from 'react-router';
import { Page } from '../../components/layout.tsx';
import { PolicyEditor } from '../../components/policy/policy-editor.tsx';
import { PolicyHistory } from '../../components/policy/policy-history.tsx';

const SERVICE = { level: 'service' } as const;

/** The service level: what every tenant, client and user inherits unless it says otherwise. */
export default function ServicePolicyPage() {
  return (
    <Page
      title="Service policy"
      description="The broadest stored level: every tenant inherits it. Below it are the built-in defaults and the server's configuration (environment variables, config file)."
    >
      <nav className="tabs" aria-label="Service policy">
        <NavLink to="/policy" end>
          Settings
        </NavLink>
        <NavLink to="/policy/history">History</NavLink>
      </nav>
      <Routes>
        <Route index element={<PolicyEditor level={SERVICE} />} />
        <Route path="history" element={<PolicyHistory level={SERVICE} />} />
      </Routes>
    </Page>
  );
}
