import { useState } from 'react';
import { Link } from 'react-router';
import { Field } from '../../components/field.tsx';
import { Page } from '../../components/layout.tsx';
import { Loaded } from '../../components/states.tsx';
import { KeyTable } from '../keys/key-table.tsx';
import { ActivityCharts } from './activity-charts.tsx';
import { LintWarnings } from './lint-warnings.tsx';
import { LiveCounts } from './live-counts.tsx';
import { type Overview, PERIODS, useOverview } from './overview-data.ts';
import './overview-page.css';

function OverviewBody({ overview, period }: { overview: Overview; period: string }) {
  return (
    <>
      <LiveCounts overview={overview} />
      <ActivityCharts overview={overview} period={period} />
      <section className="card overview-card" aria-labelledby="lint-heading">
        <h2 id="lint-heading">Policy lint</h2>
        <LintWarnings warnings={overview.warnings} />
      </section>
      {overview.keys !== null && (
        <section className="card overview-card" aria-labelledby="keys-heading">
          <h2 id="keys-heading">Signing keys</h2>
          <KeyTable keys={overview.keys} caption="Signing keys, oldest first" />
          <Link to="/keys">Manage the signing keys</Link>
        </section>
      )}
    </>
  );
}

/** The state of what the administrator manages, at a glance. */
export default function OverviewPage() {
  const [hours, setHours] = useState(24);
  const overview = useOverview(hours);
  const period = PERIODS.find((p) => p.hours === hours)?.label ?? `the last ${hours} hours`;
  return (
    <Page
      title="Overview"
      description="What lives now, what happened lately, and what the policies' lint advises against."
      actions={
        <Field label="Activity over">
          {(props) => (
            <select {...props} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {PERIODS.map((p) => (
                <option key={p.hours} value={p.hours}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      }
    >
      <Loaded query={overview}>{(data) => <OverviewBody overview={data} period={period} />}</Loaded>
    </Page>
  );
}
