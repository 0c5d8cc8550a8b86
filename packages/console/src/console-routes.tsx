import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Layout, Page } from './components/layout.tsx';
import { Empty, Loading } from './components/states.tsx';

// each page is its own chunk: the first load carries the shell and the page it opens, nothing more
const OverviewPage = lazy(() => import('./pages/overview/overview-page.tsx'));
const TenantsPage = lazy(() => import('./pages/tenants/tenants-page.tsx'));
const TenantPage = lazy(() => import('./pages/tenants/tenant-page.tsx'));
const ClientsPage = lazy(() => import('./pages/clients/clients-page.tsx'));
const ClientPage = lazy(() => import('./pages/clients/client-page.tsx'));
const ScopesPage = lazy(() => import('./pages/scopes/scopes-page.tsx'));
const ScopePage = lazy(() => import('./pages/scopes/scope-page.tsx'));
const UsersPage = lazy(() => import('./pages/users/users-page.tsx'));
const UserPage = lazy(() => import('./pages/users/user-page.tsx'));
const ServicePolicyPage = lazy(() => import('./pages/policy/service-policy-page.tsx'));
const ExplainPage = lazy(() => import('./pages/explain/explain-page.tsx'));
const TimelinePage = lazy(() => import('./pages/timeline/timeline-page.tsx'));
const KeysPage = lazy(() => import('./pages/keys/keys-page.tsx'));
const AuditPage = lazy(() => import('./pages/audit/audit-page.tsx'));
const DangerPage = lazy(() => import('./pages/danger/danger-page.tsx'));

function NotFound() {
  return (
    <Page title="Not found">
      <Empty>There is no such page in the console.</Empty>
    </Page>
  );
}

/**
 * Every page of the console. A detail page's own tabs (settings, policy, history, …) live below its address:
 * /tenants/acme/policy is the policy editor of tenant acme.
 */
export function ConsoleRoutes() {
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<OverviewPage />} />
          <Route path="/tenants" element={<TenantsPage />} />
          <Route path="/tenants/:id/*" element={<TenantPage />} />
          <Route path="/clients" element={<ClientsPage />} />
          <Route path="/clients/:id/*" element={<ClientPage />} />
          <Route path="/scopes" element={<ScopesPage />} />
          <Route path="/scopes/:id/*" element={<ScopePage />} />
          <Route path="/users" element={<UsersPage />} />
          <Route path="/users/:id/*" element={<UserPage />} />
          <Route path="/policy/*" element={<ServicePolicyPage />} />
          <Route path="/explain" element={<ExplainPage />} />
          <Route path="/timeline" element={<TimelinePage />} />
          <Route path="/keys" element={<KeysPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/danger" element={<DangerPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
