import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/problem.ts';
import { useDebounced } from '../../format/debounced.ts';
import { ErrorNotice, Loading } from '../states.tsx';
import { useCatalog } from './catalog.ts';
import { ConflictNotice } from './conflict-notice.tsx';
import { type PolicyDoc, type Section, sameDocument } from './draft.ts';
import {
  dryRunOf,
  type Inherited,
  isStale,
  readInherited,
  readPolicy,
  type StoredPolicy,
  writePolicy,
} from './policy-api.ts';
import { levelName, levelPath, type PolicyLevel } from './policy-level.ts';
import { PresetPicker } from './preset-picker.tsx';
import { ReviewDialog } from './review-dialog.tsx';
import { SectionSettings } from './section-settings.tsx';

/** The policy editor of one level: loads the level's document, what it inherits, and the settings catalog. */
export function PolicyEditor({ level, readOnly = false }: { level: PolicyLevel; readOnly?: boolean }) {
  const path = levelPath(level);
  const stored = useQuery({ queryKey: ['policy', path], queryFn: () => readPolicy(level) });
  const inherited = useQuery({ queryKey: ['inherited', path], queryFn: () => readInherited(level) });
  const catalog = useCatalog();
  // kept here: a save reloads the document, and the editor below starts afresh on the new one
  const [saved, setSaved] = useState<string | undefined>();
  if (stored.isPending || inherited.isPending || catalog.isPending)
    return <Loading label="Loading the policy…" />;
  if (stored.isError) return <ErrorNotice error={stored.error} />;
  if (inherited.isError) return <ErrorNotice error={inherited.error} />;
  if (catalog.isError) return <ErrorNotice error={catalog.error} />;
  return (
    <Editor
      key={stored.data.etag ?? JSON.stringify(stored.data.policy)}
      level={level}
      stored={stored.data}
      inherited={inherited.data}
      readOnly={readOnly}
      saved={saved}
      onSaved={setSaved}
    />
  );
}

const SECTIONS_OF = (level: PolicyLevel, classes: string[]): Section[] =>
  level.level === 'service' || level.level === 'tenant' || level.level === 'client'
    ? [{ kind: 'level' }, ...classes.map((subjectClass) => ({ kind: 'class' as const, subjectClass }))]
    : [{ kind: 'level' }];

const sectionLabel = (section: Section) =>
  section.kind === 'level' ? 'All subject classes' : `Subject class ${section.subjectClass}`;

function Editor({
  level,
  stored,
  inherited,
  readOnly,
  saved,
  onSaved: setSaved,
}: {
  level: PolicyLevel;
  stored: StoredPolicy;
  inherited: Inherited;
  readOnly: boolean;
  saved: string | undefined;
  onSaved: (message: string | undefined) => void;
}) {
  const path = levelPath(level);
  const queries = useQueryClient();
  const catalog = useCatalog();
  const [base, setBase] = useState({ policy: stored.policy, etag: stored.etag });
  const [draft, setDraft] = useState<PolicyDoc>(stored.policy);
  const [sectionIndex, setSectionIndex] = useState(0);
  const [reviewing, setReviewing] = useState(false);
  const dirty = !sameDocument(draft, base.policy);
  const checked = useDebounced(draft, 350);
  const settled = sameDocument(checked, draft);

  // the server's own check of the draft, while typing: field errors, lint, effective values after the change
  const check = useQuery({
    queryKey: ['dry-run', path, base.etag, JSON.stringify(checked)],
    queryFn: async () => dryRunOf((await writePolicy(level, checked, base.etag, true)).body),
    enabled: dirty && !sameDocument(checked, base.policy),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const preview = dirty && settled ? check.data : undefined;
  const checkError = dirty && settled ? check.error : null;
  const errors =
    checkError instanceof ApiError && checkError.problem.status === 400 ? checkError.fieldMessages() : {};
  const stale = isStale(checkError) ? checkError.problem.current : undefined;

  const save = useMutation({
    mutationFn: () => writePolicy(level, draft, base.etag, false),
    onSuccess: async ({ body, etag }) => {
      const { version } = body as { version: number };
      setReviewing(false);
      setSaved(`Saved as policy version ${version}.`);
      setBase({ policy: draft, etag });
      await queries.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== 'settings-catalog' && q.queryKey[0] !== 'me',
      });
    },
    // someone else saved first: the conflict notice takes over from the review
    onError: (error) => {
      if (isStale(error)) setReviewing(false);
    },
  });
  const saveStale = isStale(save.error) ? save.error.problem.current : undefined;
  const conflict = saveStale ?? stale;

  const sections = SECTIONS_OF(level, catalog.data?.subjectClasses ?? []);
  const section = sections[sectionIndex] ?? { kind: 'level' };
  const blocked = Object.keys(errors).length > 0 || conflict !== undefined || !settled || check.isFetching;

  return (
    <div className="policy-editor">
      {saved !== undefined && !dirty && (
        <p className="notice notice-success" role="status">
          {saved}
        </p>
      )}
      {conflict && (
        <ConflictNotice
          level={level}
          draft={draft}
          current={conflict}
          onTakeTheirs={() => {
            setBase({ policy: conflict.policy, etag: conflict.etag });
            setDraft(conflict.policy);
            save.reset();
          }}
          onKeepMine={() => {
            setBase({ policy: conflict.policy, etag: conflict.etag });
            save.reset();
          }}
        />
      )}
      <div className="toolbar editor-toolbar">
        {sections.length > 1 && (
          <div className="field">
            <label htmlFor={`${path}-section`}>Settings that apply to</label>
            <select
              id={`${path}-section`}
              value={sectionIndex}
              onChange={(e) => setSectionIndex(Number(e.target.value))}
            >
              {sections.map((s, index) => (
                <option key={sectionLabel(s)} value={index}>
                  {sectionLabel(s)}
                </option>
              ))}
            </select>
          </div>
        )}
        {!readOnly && (
          <PresetPicker draft={draft} onApply={(next) => setDraft(next)} levelName={levelName(level)} />
        )}
        {!readOnly && level.level !== 'scope' && (
          <label className="inline-check">
            <input
              type="checkbox"
              checked={draft.invalidateOnChange === true}
              onChange={(e) => {
                const { invalidateOnChange: _dropped, ...rest } = draft;
                setDraft(e.target.checked ? { ...rest, invalidateOnChange: true } : rest);
              }}
            />{' '}
            A change of a token lifetime here ends every current token under {levelName(level)}
          </label>
        )}
      </div>
      <p className="muted" aria-live="polite">
        {!dirty
          ? `Policy version ${stored.version} in force.`
          : !settled || check.isFetching
            ? 'Checking the draft with the server…'
            : Object.keys(errors).length > 0
              ? 'The server refuses this draft: see the errors below.'
              : 'Unsaved changes: the server accepts them. Review them before saving.'}
      </p>
      {checkError &&
        !(
          checkError instanceof ApiError &&
          (checkError.problem.status === 400 || checkError.problem.status === 412)
        ) && <ErrorNotice error={checkError} title="The draft could not be checked" />}
      {checkError instanceof ApiError && checkError.problem.status === 400 && (
        <ErrorNotice error={checkError} title="The server refuses this draft" />
      )}
      <SectionSettings
        level={level}
        section={section}
        draft={draft}
        inherited={inherited}
        preview={preview}
        warnings={dirty ? (preview?.warnings ?? []) : stored.warnings}
        errors={errors}
        readOnly={readOnly}
        onDraft={(next) => {
          setSaved(undefined);
          setDraft(next);
        }}
      />
      {!readOnly && (
        <div className="editor-actions">
          <button type="button" className="button" disabled={!dirty} onClick={() => setDraft(base.policy)}>
            Discard changes
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!dirty || blocked}
            onClick={() => setReviewing(true)}
          >
            Review and save…
          </button>
        </div>
      )}
      <ReviewDialog
        level={level}
        open={reviewing}
        before={base.policy}
        draft={draft}
        preview={preview}
        saving={save.isPending}
        error={saveStale ? null : save.error}
        onCancel={() => {
          setReviewing(false);
          save.reset();
        }}
        onConfirm={() => save.mutate()}
      />
    </div>
  );
}
