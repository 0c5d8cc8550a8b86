import { Dialog } from '../dialog.tsx';
import { LevelLink } from '../level-link.tsx';
import { ScrollRegion } from '../scroll-region.tsx';
import { ErrorNotice } from '../states.tsx';
import { pathValueInWords, useCatalog } from './catalog.ts';
import { DocumentChanges } from './document-changes.tsx';
import type { PolicyDoc } from './draft.ts';
import type { DryRun } from './policy-api.ts';
import { levelName, type PolicyLevel } from './policy-level.ts';

/**
 * The dry run before every save (the server's preview, nothing stored yet): the document's changes, the
 * effective values before and after per subject class, whether current tokens end, and what lives under the
 * level. Saving needs this confirmation.
 */
export function ReviewDialog({
  level,
  open,
  before,
  draft,
  preview,
  saving,
  error,
  onCancel,
  onConfirm,
}: {
  level: PolicyLevel;
  open: boolean;
  before: PolicyDoc;
  draft: PolicyDoc;
  preview: DryRun | undefined;
  saving: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const catalog = useCatalog();
  const settings = catalog.data?.settings;
  const name = levelName(level);
  return (
    <Dialog
      title={`Review the change to ${name}`}
      open={open}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel}>
            Keep editing
          </button>
          <button
            type="button"
            className={preview?.invalidatesTokens ? 'button button-danger' : 'button button-primary'}
            disabled={saving || preview === undefined}
            onClick={onConfirm}
          >
            {saving ? 'Saving…' : preview?.invalidatesTokens ? 'Save and end current tokens' : 'Save'}
          </button>
        </>
      }
    >
      <h3>The document</h3>
      <DocumentChanges before={before} after={draft} caption={`changes to the policy of ${name}`} />
      {preview && (
        <>
          <h3>Effective values</h3>
          {preview.changes.length === 0 ? (
            <p className="muted">No effective value changes for any subject class.</p>
          ) : (
            <ScrollRegion label={'effective values before and after, per subject class'}>
              <table className="data">
                <caption className="visually-hidden">
                  effective values before and after, per subject class
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Subject class</th>
                    <th scope="col">Setting</th>
                    <th scope="col">Now</th>
                    <th scope="col">After saving</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.changes.map((change) => (
                    <tr key={`${change.subjectClass}:${change.setting}`}>
                      <td>{change.subjectClass}</td>
                      <th scope="row">
                        <code>{change.setting}</code>
                      </th>
                      <td>
                        {pathValueInWords(settings, change.setting, change.before.value)} (
                        <LevelLink source={change.before.source} />)
                      </td>
                      <td>
                        {pathValueInWords(settings, change.setting, change.after.value)} (
                        <LevelLink source={change.after.source} />
                        {change.after.clampedBy && (
                          <>
                            , clamped by <LevelLink source={change.after.clampedBy} />
                          </>
                        )}
                        )
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {preview.invalidatesTokens ? (
            <p className="notice notice-danger">
              Saving ends every current token under {name} (invalidateOnChange): {preview.liveRefreshFamilies}{' '}
              live refresh families and {preview.liveSessions} sessions end now.
            </p>
          ) : (
            <p className="notice notice-info">
              Tokens already issued keep their own expiry: {preview.liveRefreshFamilies} live refresh families
              and {preview.liveSessions} sessions under {name} get the new values when they next refresh or
              sign in.
            </p>
          )}
          {preview.warnings.length > 0 && (
            <>
              <h3>Lint</h3>
              <ul>
                {preview.warnings.map((w) => (
                  <li key={`${w.setting}:${w.message}`}>
                    <code>{w.setting}</code>: {w.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {error !== undefined && error !== null && <ErrorNotice error={error} title="Not saved" />}
    </Dialog>
  );
}
