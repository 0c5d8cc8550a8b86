import type { ReactNode } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { PolicyEditor } from './policy/policy-editor.tsx';
import { PolicyHistory } from './policy/policy-history.tsx';
import type { PolicyLevel } from './policy/policy-level.ts';

/**
 * The tabs of a level's page: its own settings, its lifetime policy (what it sets and what it inherits) and the
 * policy's history. Each tab has its own address below the page's: /tenants/acme/policy.
 */
export function LevelTabs({
  base,
  label,
  level,
  settings,
  extra = [],
}: {
  base: string;
  label: string;
  level: PolicyLevel;
  settings: ReactNode;
  extra?: { path: string; label: string; element: ReactNode }[];
}) {
  return (
    <>
      <nav className="tabs" aria-label={label}>
        <NavLink to={base} end>
          Settings
        </NavLink>
        <NavLink to={`${base}/policy`}>Lifetime policy</NavLink>
        <NavLink to={`${base}/history`}>Policy history</NavLink>
        {extra.map((tab) => (
          <NavLink key={tab.path} to={`${base}/${tab.path}`}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={settings} />
        <Route path="policy" element={<PolicyEditor level={level} />} />
        <Route path="history" element={<PolicyHistory level={level} />} />
        {extra.map((tab) => (
          <Route key={tab.path} path={tab.path} element={tab.element} />
        ))}
      </Routes>
    </>
  );
}
