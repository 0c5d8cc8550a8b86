import { Empty } from '../../components/states.tsx';
import { HourlyChart } from './hourly-chart.tsx';
import { grantName, type HourlyData, hourLabel, hourlyData, totalsOf } from './hourly-series.ts';
import type { Overview } from './overview-data.ts';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "42 … in the last 24 hours: 40 client credentials, 2 first-party login; most in the hour from 14:00 (12)." */
function summaryOf(data: HourlyData, what: [string, string], period: string): string {
  const totals = totalsOf(data);
  const total = totals.reduce((a, b) => a + b, 0);
  const most = Math.max(...totals);
  const busiest = data.hours[totals.indexOf(most)];
  const parts =
    data.series.length > 1 ? `: ${data.series.map((s) => `${s.total} ${s.name}`).join(', ')}` : '';
  const peak = busiest === undefined ? '' : `; most in the hour from ${hourLabel(busiest, true)} (${most})`;
  return `${plural(total, ...what)} in ${period}${parts}${peak}.`;
}

/** Access tokens issued per hour and grant, and failed logins per hour. */
export function ActivityCharts({ overview, period }: { overview: Overview; period: string }) {
  const tokens = hourlyData(overview.from, overview.to, overview.tokensIssued, (r) => grantName(r.grantType));
  const failures = hourlyData(overview.from, overview.to, overview.failedLogins, () => 'failed logins');
  return (
    <div className="overview-charts">
      <section className="card overview-card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Access tokens issued</h2>
        {tokens.series.length === 0 ? (
          <Empty>No access token was issued in {period}.</Empty>
        ) : (
          <HourlyChart
            title="Access tokens issued per hour, by grant"
            summary={summaryOf(tokens, ['access token issued', 'access tokens issued'], period)}
            data={tokens}
          />
        )}
      </section>
      <section className="card overview-card" aria-labelledby="failures-heading">
        <h2 id="failures-heading">Failed logins</h2>
        {failures.series.length === 0 ? (
          <Empty>No failed login in {period}.</Empty>
        ) : (
          <HourlyChart
            title="Failed logins per hour"
            summary={summaryOf(failures, ['failed login', 'failed logins'], period)}
            data={failures}
            tone="danger"
          />
        )}
      </section>
    </div>
  );
}
