import { LevelLink } from '../../components/level-link.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import {
  ceilingInWords,
  type SettingName,
  type StackEntry,
  type StackedSetting,
  settingLabel,
  settingValueInWords,
} from '../../format/settings.ts';
import { ceilingOutcome, outcomeInWords } from './setting-why.tsx';

const ROLE_BADGE: Record<StackEntry['role'], { text: string; tone: string }> = {
  won: { text: 'won', tone: 'badge-success' },
  overridden: { text: 'overridden', tone: '' },
  'longer-scope': { text: 'longer scope', tone: 'badge-info' },
  'ceiling-only': { text: 'ceiling only', tone: '' },
};

/**
 * Every level on the path that says something about the setting, broad to specific (the default first): the
 * value each sets, the ceiling each sets, and what became of both. The badges repeat the words, so nothing is
 * told by colour alone.
 */
export function SettingStack({ name, setting }: { name: SettingName; setting: StackedSetting }) {
  return (
    <ScrollRegion label={`The levels of ${settingLabel(name).toLowerCase()}`}>
      <table className="data explain-stack">
        <caption className="explain-stack-caption">
          The levels that set {settingLabel(name).toLowerCase()}, broad to specific: a more specific level
          overrides a broader one, and the smallest ceiling binds them all.
        </caption>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Value it sets</th>
            <th scope="col">Ceiling it sets</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {setting.stack.map((entry) => (
            <tr
              key={JSON.stringify(entry.source)}
              className={entry.role === 'won' ? 'explain-stack-won' : undefined}
            >
              <th scope="row">
                <LevelLink source={entry.source} />
              </th>
              <td>{entry.value === undefined ? '—' : settingValueInWords(name, entry.value)}</td>
              <td>
                {entry.max === undefined ? (
                  '—'
                ) : (
                  <>
                    {ceilingInWords(entry.max)}
                    {entry.binding && (
                      <>
                        {' '}
                        <span className="badge badge-warning">binding</span>
                      </>
                    )}
                    {entry.clamped && (
                      <>
                        {' '}
                        <span className="badge badge-danger">clamped</span>
                      </>
                    )}
                    <br />
                    <span className="explain-stack-note">{ceilingOutcome(name, entry, setting)}</span>
                  </>
                )}
              </td>
              <td>
                <span className={`badge ${ROLE_BADGE[entry.role].tone}`}>{ROLE_BADGE[entry.role].text}</span>{' '}
                {outcomeInWords(name, entry, setting)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
