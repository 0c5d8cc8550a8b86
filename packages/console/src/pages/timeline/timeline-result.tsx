import { Link } from 'react-router';
import { LevelLink } from '../../components/level-link.tsx';
import { contextInWords } from '../../components/policy-context/context-in-words.ts';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { settingLabel, settingValueInWords } from '../../format/settings.ts';
import { describeSource } from '../../format/source.ts';
import { PieceTable } from './piece-table.tsx';
import { SIMULATED_SETTINGS, type Simulation } from './scenario.ts';
import { TimelineChart } from './timeline-chart.tsx';
import { activitySummary, lengthInWords, loginSummary } from './timeline-words.ts';

function Notices({ simulation }: { simulation: Simulation }) {
  const withheld = simulation.refreshTokensWithheld;
  return (
    <>
      {withheld && (
        <p className="notice notice-info">
          This login gets no refresh tokens:{' '}
          {withheld.reason === 'refreshTokenEnabled'
            ? `refresh tokens are switched off (refreshTokenEnabled, set by ${describeSource(withheld.source)}).`
            : `${describeSource(withheld.source)} does not have the refresh_token grant type.`}
        </p>
      )}
      {simulation.truncated && (
        <p className="notice notice-warning">
          The app was still active after 1000 refreshes: the simulation stops there, as if the app stopped.
        </p>
      )}
    </>
  );
}

/** The settings the simulation followed, each with the level that set it: the way to "why?" on Explain. */
function SettingsUsed({ simulation }: { simulation: Simulation }) {
  const entries = SIMULATED_SETTINGS.map((name) => [name, simulation.settings[name]] as const);
  return (
    <details className="timeline-settings">
      <summary>The settings this timeline follows ({entries.length})</summary>
      <ScrollRegion label="The settings this timeline follows">
        <table className="data">
          <caption className="visually-hidden">The settings this timeline follows</caption>
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Value</th>
              <th scope="col">Set by</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([name, setting]) => (
              <tr key={name}>
                <th scope="row">
                  {settingLabel(name)} <code>{name}</code>
                </th>
                <td>{settingValueInWords(name, setting.value)}</td>
                <td>
                  <LevelLink source={setting.source} />
                  {setting.clampedBy && (
                    <>
                      , clamped by the ceiling of <LevelLink source={setting.clampedBy} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}

/** A simulated login: the answer in a sentence, then the picture, then every piece in words. */
export function TimelineResult({
  simulation,
  contextSearch,
}: {
  simulation: Simulation;
  contextSearch: string;
}) {
  const summary = loginSummary(simulation);
  const { scenario } = simulation;
  return (
    <section aria-label="Simulated login" className="timeline-result">
      <p className="timeline-summary">{summary}</p>
      <p>{activitySummary(simulation)}</p>
      <p className="muted">
        For {contextInWords(simulation.context)} · policy version {simulation.version} ·{' '}
        {scenario.loginFlow === 'firstParty' ? 'first-party login' : 'authorization code login'} · horizon{' '}
        {lengthInWords(scenario.horizon)}.{' '}
        <Link to={`/explain?${contextSearch}`}>Why these values? Explain this context</Link>
      </p>
      <Notices simulation={simulation} />
      <h2>Timeline</h2>
      <TimelineChart simulation={simulation} summary={summary} />
      <h2>Every piece</h2>
      <PieceTable pieces={simulation.pieces} />
      <SettingsUsed simulation={simulation} />
    </section>
  );
}
