import type { PolicyDocument } from './document.ts';
import type { PolicyPath } from './resolve.ts';
import type { SubjectClass } from './settings.ts';

export interface PolicyHolder {
  id: string;
  policy: PolicyDocument;
}

export interface PathParts {
  /** The service policy from the environment and the config file. */
  configured: PolicyDocument;
  /** The service policy stored through the management API. */
  stored: PolicyDocument;
  /** Root first. */
  tenants: readonly PolicyHolder[];
  client?: PolicyHolder | undefined;
  subjectClass: SubjectClass;
  /** Requested scopes that carry a policy. */
  scopes: readonly PolicyHolder[];
  /** The user's own overrides. */
  user?: PolicyHolder | undefined;
}

export function buildPolicyPath(parts: PathParts): PolicyPath {
  return {
    service: [
      { source: { level: 'service', id: 'configuration' }, policy: parts.configured },
      { source: { level: 'service', id: 'stored' }, policy: parts.stored },
    ],
    tenants: parts.tenants.map((t) => ({ source: { level: 'tenant', id: t.id }, policy: t.policy })),
    ...(parts.client && {
      client: { source: { level: 'client', id: parts.client.id }, policy: parts.client.policy },
    }),
    subjectClass: parts.subjectClass,
    scopes: parts.scopes.map((s) => ({ source: { level: 'scope', id: s.id }, policy: s.policy })),
    ...(parts.user && { user: { source: { level: 'user', id: parts.user.id }, policy: parts.user.policy } }),
  };
}
