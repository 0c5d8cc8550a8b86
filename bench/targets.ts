import type { CaseId } from './cases.ts';
import { type CaseResult, mb, perSecond, summarize, type Target, times } from './report.ts';

export interface TargetInputs {
  cases: readonly CaseResult[];
  rs256RawPerSecond: number;
  lifespanHwmKb: number | undefined;
  /** `serve --workers N`: the memory figures add the primary and the workers up. */
  lifespanWorkers: number;
  preload: { rows: number; cases: readonly CaseResult[]; fresh: readonly CaseResult[] } | undefined;
}

/** The targets, each with what was measured. */
export function targets({
  cases,
  rs256RawPerSecond,
  lifespanHwmKb,
  lifespanWorkers,
  preload,
}: TargetInputs): Target[] {
  const find = (id: string) => cases.find((c) => c.id === id);
  const rate = (c: CaseResult) => summarize(c.lifespan).requestsPerSecond;
  const list: Target[] = [];
  const versusPeer = (id: CaseId, name: string) => {
    const c = find(id);
    if (!c?.peer) return;
    const ratio = rate(c) / summarize(c.peer).requestsPerSecond;
    list.push({ name: `${name} ≥ 3× peer`, measured: times(ratio), met: ratio >= 3 });
  };
  versusPeer('cc-opaque', 'client credentials, opaque');
  versusPeer('cc-es256', 'client credentials, JWT ES256');
  versusPeer('introspect', 'introspection');
  versusPeer('refresh', 'refresh with rotation');
  const rs256 = find('cc-rs256');
  if (rs256) {
    const share = rate(rs256) / rs256RawPerSecond;
    list.push({
      name: 'client credentials, JWT RS256 ≥ 75% of raw single-core RS256 signing',
      measured: `${(share * 100).toFixed(1)}% (${perSecond(rate(rs256))} of ${perSecond(rs256RawPerSecond)})`,
      met: share >= 0.75,
    });
  }
  if (lifespanHwmKb !== undefined) {
    list.push({
      name:
        lifespanWorkers > 1
          ? `Lifespan peak RSS (VmHWM, primary and ${lifespanWorkers} workers added up) under load < 250 MB`
          : 'Lifespan peak RSS (VmHWM) under load < 250 MB',
      measured: mb(lifespanHwmKb),
      met: lifespanHwmKb < 250 * 1024,
    });
  }
  for (const c of preload?.cases ?? []) {
    const fresh = preload?.fresh.find((f) => f.id === c.id);
    if (!fresh || !preload) continue;
    const share = rate(c) / rate(fresh);
    list.push({
      name: `${c.title} with ${preload.rows.toLocaleString('en-US')} stored tokens ≥ 80% of the fresh store`,
      measured: `${(share * 100).toFixed(1)}%`,
      met: share >= 0.8,
    });
  }
  const errors = [...cases, ...(preload?.cases ?? [])].reduce(
    (sum, c) => sum + summarize(c.lifespan).errors + (c.peer ? summarize(c.peer).errors : 0),
    0,
  );
  list.push({ name: 'no errors (warm-ups included)', measured: `${errors} errors`, met: errors === 0 });
  return list;
}
