import { useId } from 'react';
import type { Overview } from './overview-data.ts';

function Stat({ label, value, hint }: { label: string; value: number; hint: string }) {
  const id = useId();
  return (
    <section className="card overview-stat" aria-labelledby={id}>
      <h2 id={id}>{label}</h2>
      <p className="stat">{value}</p>
      <p className="muted">{hint}</p>
    </section>
  );
}

/** What lives now: refresh-token families that can still refresh, sessions not ended, users locked out. */
export function LiveCounts({ overview }: { overview: Overview }) {
  return (
    <div className="cards">
      <Stat
        label="Live refresh-token families"
        value={overview.liveRefreshFamilies}
        hint="Logins whose refresh tokens can still be used."
      />
      <Stat label="Live sessions" value={overview.liveSessions} hint="Browser logins not ended." />
      <Stat
        label="Locked users"
        value={overview.lockedUsers}
        hint="Users locked now after too many failed logins."
      />
    </div>
  );
}
