import { LevelLink } from '../../components/level-link.tsx';
import { Empty } from '../../components/states.tsx';
import type { LevelWarning } from './overview-data.ts';

const ALL_CLASSES = 4;

/** Every policy lint warning in reach, each with a link to the policy of the level where it shows. */
export function LintWarnings({ warnings }: { warnings: readonly LevelWarning[] }) {
  if (warnings.length === 0) {
    return <Empty>No lint warning: every policy in reach follows the advised practices.</Empty>;
  }
  return (
    <ul className="overview-warnings">
      {warnings.map((warning) => (
        <li key={`${JSON.stringify(warning.level)}:${warning.setting}:${warning.message}`}>
          <LevelLink source={warning.level} />: <code>{warning.setting}</code>: {warning.message}
          {warning.subjectClasses.length < ALL_CLASSES && (
            <span className="muted"> (for {warning.subjectClasses.join(', ')} tokens)</span>
          )}
        </li>
      ))}
    </ul>
  );
}
