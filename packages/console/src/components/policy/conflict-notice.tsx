import { DocumentChanges } from './document-changes.tsx';
import type { PolicyDoc } from './draft.ts';
import type { StaleProblem } from './policy-api.ts';
import { levelName, type PolicyLevel } from './policy-level.ts';

/**
 * Another administrator saved this level after the draft was started (412, RFC 9110 §13.1.1): nothing was
 * overwritten. Shows their version against the draft and lets the administrator choose.
 */
export function ConflictNotice({
  level,
  draft,
  current,
  onTakeTheirs,
  onKeepMine,
}: {
  level: PolicyLevel;
  draft: PolicyDoc;
  current: StaleProblem['current'];
  onTakeTheirs: () => void;
  onKeepMine: () => void;
}) {
  return (
    <section className="notice notice-warning conflict" role="alert" aria-label="Conflicting change">
      <h2>Someone else changed this policy</h2>
      <p>
        The policy of {levelName(level)} was saved by another administrator
        {current.version !== null && <> (now version {current.version})</>} after you started editing. Nothing
        was overwritten. Their version against your draft:
      </p>
      <DocumentChanges
        before={current.policy}
        after={draft}
        caption="the current policy against your draft"
      />
      <div className="editor-actions">
        <button type="button" className="button" onClick={onTakeTheirs}>
          Load their version (discard my draft)
        </button>
        <button type="button" className="button button-primary" onClick={onKeepMine}>
          Keep my draft over their version
        </button>
      </div>
    </section>
  );
}
