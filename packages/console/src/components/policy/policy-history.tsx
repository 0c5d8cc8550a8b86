import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { instantText } from '../../format/instant.ts';
import { ConfirmDialog } from '../confirm-dialog.tsx';
import { Empty, ErrorNotice, Loaded } from '../states.tsx';
import { DocumentChanges } from './document-changes.tsx';
import { type HistoryEntry, readHistory, readPolicy, rollback } from './policy-api.ts';
import { levelName, levelPath, type PolicyLevel } from './policy-level.ts';

/**
 * Every version of a level's policy, newest first: who, when, and what changed; any version can be restored
 * (as a new version, after a confirmation that shows what the restore changes against the current document).
 */
export function PolicyHistory({ level }: { level: PolicyLevel }) {
  const path = levelPath(level);
  const queries = useQueryClient();
  const history = useQuery({ queryKey: ['history', path], queryFn: () => readHistory(level) });
  const current = useQuery({ queryKey: ['policy', path], queryFn: () => readPolicy(level) });
  const [restoring, setRestoring] = useState<HistoryEntry | undefined>();
  const restore = useMutation({
    mutationFn: (entry: HistoryEntry) => rollback(level, entry.version, current.data?.etag),
    onSuccess: async () => {
      setRestoring(undefined);
      await queries.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== 'settings-catalog' && q.queryKey[0] !== 'me',
      });
    },
  });
  return (
    <Loaded query={history}>
      {(entries) =>
        entries.length === 0 ? (
          <Empty>No change has been made to the policy of {levelName(level)} yet.</Empty>
        ) : (
          <>
            {restore.isSuccess && (
              <p className="notice notice-success" role="status">
                Restored. The restore is itself a new version, at the top of the list.
              </p>
            )}
            <ol className="history">
              {entries.map((entry, index) => (
                <li key={entry.version} className="card">
                  <div className="history-head">
                    <h3>Version {entry.version}</h3>
                    <span className="muted">
                      {instantText(entry.at)} by {entry.actor}
                    </span>
                    {index === 0 ? (
                      <span className="badge badge-info">in force</span>
                    ) : (
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => setRestoring(entry)}
                      >
                        Roll back to version {entry.version}
                      </button>
                    )}
                  </div>
                  <DocumentChanges
                    before={entry.before}
                    after={entry.after}
                    caption={`changes of version ${entry.version}`}
                  />
                </li>
              ))}
            </ol>
            <ConfirmDialog
              title={`Roll back ${levelName(level)} to version ${restoring?.version ?? ''}?`}
              open={restoring !== undefined}
              confirmLabel="Roll back"
              busy={restore.isPending}
              onCancel={() => {
                setRestoring(undefined);
                restore.reset();
              }}
              onConfirm={() => restoring && restore.mutate(restoring)}
            >
              <p>
                The policy becomes what it was after version {restoring?.version}. Against the policy now in
                force:
              </p>
              {restoring && current.data && (
                <DocumentChanges
                  before={current.data.policy}
                  after={restoring.after}
                  caption="what the rollback changes"
                />
              )}
              {restore.isError && <ErrorNotice error={restore.error} title="Not rolled back" />}
            </ConfirmDialog>
          </>
        )
      }
    </Loaded>
  );
}
