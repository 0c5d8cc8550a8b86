import { answered, api } from '../../api/client.ts';
import { ApiError, type Problem, problemOf } from '../../api/problem.ts';
import type { PolicyDoc } from './draft.ts';
import type { PolicyLevel } from './policy-level.ts';

export interface LintWarning {
  setting: string;
  message: string;
  source: { level: string; id?: string; [key: string]: unknown };
  subjectClasses: string[];
}

export interface StoredPolicy {
  policy: PolicyDoc;
  /** The policy version now in force (a counter over all levels). */
  version: number;
  warnings: LintWarning[];
  /** The document's entity tag (RFC 9110 §8.8.3). */
  etag: string | undefined;
}

export interface ExplainedValue {
  value: unknown;
  source: { level: string; id?: string; [key: string]: unknown };
  clampedBy?: { level: string; id?: string; [key: string]: unknown };
  ceiling?: { value: number; source: { level: string; id?: string; [key: string]: unknown } };
}

export interface DryRun {
  policy: PolicyDoc;
  warnings: LintWarning[];
  changes: { subjectClass: string; setting: string; before: ExplainedValue; after: ExplainedValue }[];
  invalidatesTokens: boolean;
  liveRefreshFamilies: number;
  liveSessions: number;
}

/** A stale If-Match: someone else saved first (RFC 9110 §15.5.13); `current` is what the level holds now. */
export interface StaleProblem extends Problem {
  current: { policy: PolicyDoc; etag: string; version: number | null };
}

export const isStale = (error: unknown): error is ApiError & { problem: StaleProblem } =>
  error instanceof ApiError && error.problem.status === 412 && 'current' in error.problem;

const readDoc = (value: unknown): PolicyDoc =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PolicyDoc) : {};

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The answer's body, its ETag, or an ApiError with the server's problem (a 412 keeps `current`). */
async function withTag(call: Promise<Answer>): Promise<{ body: unknown; etag: string | undefined }> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ApiError(problemOf(response.status, error));
  return { body: data, etag: response.headers.get('etag') ?? undefined };
}

const stored = ({ body, etag }: { body: unknown; etag: string | undefined }): StoredPolicy => {
  const view = body as { policy: unknown; version: number; warnings: LintWarning[] };
  return { policy: readDoc(view.policy), version: view.version, warnings: view.warnings, etag };
};

// One function per operation; each level has its own typed path in the generated client.

export async function readPolicy(level: PolicyLevel): Promise<StoredPolicy> {
  switch (level.level) {
    case 'service':
      return stored(await withTag(api.GET('/admin/v1/service/policy')));
    case 'tenant':
      return stored(
        await withTag(api.GET('/admin/v1/tenants/{id}/policy', { params: { path: { id: level.id } } })),
      );
    case 'client':
      return stored(
        await withTag(api.GET('/admin/v1/clients/{id}/policy', { params: { path: { id: level.id } } })),
      );
    case 'scope':
      return stored(
        await withTag(api.GET('/admin/v1/scopes/{id}/policy', { params: { path: { id: level.id } } })),
      );
    case 'user':
      return stored(
        await withTag(api.GET('/admin/v1/users/{id}/policy', { params: { path: { id: level.id } } })),
      );
  }
}

export type Inherited = Record<string, Record<string, ExplainedValue>>;

export async function readInherited(level: PolicyLevel): Promise<Inherited> {
  const body = await (() => {
    switch (level.level) {
      case 'service':
        return answered(api.GET('/admin/v1/service/policy/inherited'));
      case 'tenant':
        return answered(
          api.GET('/admin/v1/tenants/{id}/policy/inherited', { params: { path: { id: level.id } } }),
        );
      case 'client':
        return answered(
          api.GET('/admin/v1/clients/{id}/policy/inherited', { params: { path: { id: level.id } } }),
        );
      case 'scope':
        return answered(
          api.GET('/admin/v1/scopes/{id}/policy/inherited', { params: { path: { id: level.id } } }),
        );
      case 'user':
        return answered(
          api.GET('/admin/v1/users/{id}/policy/inherited', { params: { path: { id: level.id } } }),
        );
    }
  })();
  return body.subjectClasses as Inherited;
}

const header = (etag: string | undefined) => (etag === undefined ? {} : { header: { 'if-match': etag } });

/**
 * Saves a document (with `dryRun`, only asks what the save would do). With the ETag the document was read
 * with, a concurrent save by someone else answers 412 instead of being overwritten.
 */
export async function writePolicy(
  level: PolicyLevel,
  document: PolicyDoc,
  etag: string | undefined,
  dryRun: boolean,
): Promise<{ body: unknown; etag: string | undefined }> {
  const query = { query: { dryRun } };
  switch (level.level) {
    case 'service':
      return withTag(
        api.PUT('/admin/v1/service/policy', { params: { ...query, ...header(etag) }, body: document }),
      );
    case 'tenant':
      return withTag(
        api.PUT('/admin/v1/tenants/{id}/policy', {
          params: { path: { id: level.id }, ...query, ...header(etag) },
          body: document,
        }),
      );
    case 'client':
      return withTag(
        api.PUT('/admin/v1/clients/{id}/policy', {
          params: { path: { id: level.id }, ...query, ...header(etag) },
          body: document,
        }),
      );
    case 'scope':
      return withTag(
        api.PUT('/admin/v1/scopes/{id}/policy', {
          params: { path: { id: level.id }, ...query, ...header(etag) },
          body: document,
        }),
      );
    case 'user':
      return withTag(
        api.PUT('/admin/v1/users/{id}/policy', {
          params: { path: { id: level.id }, ...query, ...header(etag) },
          body: document,
        }),
      );
  }
}

export const dryRunOf = (body: unknown): DryRun => body as DryRun;

export interface HistoryEntry {
  version: number;
  actor: string;
  at: string;
  before: PolicyDoc;
  after: PolicyDoc;
}

export async function readHistory(level: PolicyLevel): Promise<HistoryEntry[]> {
  const query = { query: { limit: 100 } };
  const body = await (async () => {
    switch (level.level) {
      case 'service':
        return answered(api.GET('/admin/v1/service/policy/history', { params: query }));
      case 'tenant':
        return answered(
          api.GET('/admin/v1/tenants/{id}/policy/history', { params: { path: { id: level.id }, ...query } }),
        );
      case 'client':
        return answered(
          api.GET('/admin/v1/clients/{id}/policy/history', { params: { path: { id: level.id }, ...query } }),
        );
      case 'scope':
        return answered(
          api.GET('/admin/v1/scopes/{id}/policy/history', { params: { path: { id: level.id }, ...query } }),
        );
      case 'user':
        return answered(
          api.GET('/admin/v1/users/{id}/policy/history', { params: { path: { id: level.id }, ...query } }),
        );
    }
  })();
  return body.items.map((item) => ({ ...item, before: readDoc(item.before), after: readDoc(item.after) }));
}

export async function rollback(level: PolicyLevel, version: number, etag: string | undefined): Promise<void> {
  const body = { version };
  switch (level.level) {
    case 'service':
      await answered(api.POST('/admin/v1/service/policy/rollback', { params: header(etag), body }));
      return;
    case 'tenant':
      await answered(
        api.POST('/admin/v1/tenants/{id}/policy/rollback', {
          params: { path: { id: level.id }, ...header(etag) },
          body,
        }),
      );
      return;
    case 'client':
      await answered(
        api.POST('/admin/v1/clients/{id}/policy/rollback', {
          params: { path: { id: level.id }, ...header(etag) },
          body,
        }),
      );
      return;
    case 'scope':
      await answered(
        api.POST('/admin/v1/scopes/{id}/policy/rollback', {
          params: { path: { id: level.id }, ...header(etag) },
          body,
        }),
      );
      return;
    case 'user':
      await answered(
        api.POST('/admin/v1/users/{id}/policy/rollback', {
          params: { path: { id: level.id }, ...header(etag) },
          body,
        }),
      );
      return;
  }
}

export async function readPresets(): Promise<Record<string, PolicyDoc>> {
  const { presets } = await answered(api.GET('/admin/v1/policy/presets'));
  return Object.fromEntries(Object.entries(presets).map(([name, doc]) => [name, readDoc(doc)]));
}

export interface SettingInfo {
  name: string;
  kind: 'lifetime' | 'limit' | 'interval' | 'count' | 'boolean' | 'enum';
  description: string;
  default: number | string | boolean;
  values?: string[];
  allowsNever: boolean;
  ceiling: boolean;
  perScope: boolean;
  tokenLifetime: boolean;
  env?: string;
}

export async function readCatalog(): Promise<{ subjectClasses: string[]; settings: SettingInfo[] }> {
  return answered(api.GET('/admin/v1/policy/settings'));
}
