import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../confirm-dialog.tsx';
import { DocumentChanges } from './document-changes.tsx';
import type { PolicyDoc } from './draft.ts';
import { readPresets } from './policy-api.ts';

/**
 * Presets (high-security, user-convenience, api-only, legacy-never-expire) replace the settings they name and keep
 * the rest; applied as a diff the administrator confirms, into the draft (saving still goes through review).
 */
export function PresetPicker({
  draft,
  onApply,
  levelName,
}: {
  draft: PolicyDoc;
  onApply: (next: PolicyDoc) => void;
  levelName: string;
}) {
  const presets = useQuery({
    queryKey: ['presets'],
    queryFn: readPresets,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [chosen, setChosen] = useState('');
  const preset = chosen === '' ? undefined : presets.data?.[chosen];
  const applied = preset ? { ...draft, ...preset } : draft;
  return (
    <>
      <div className="field">
        <label htmlFor="preset-choice">Apply a preset</label>
        <select
          id="preset-choice"
          value={chosen}
          disabled={!presets.data}
          onChange={(e) => setChosen(e.target.value)}
        >
          <option value="">Choose a preset…</option>
          {Object.keys(presets.data ?? {}).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <ConfirmDialog
        title={`Apply the ${chosen} preset to ${levelName}?`}
        open={preset !== undefined}
        confirmLabel="Apply to the draft"
        onCancel={() => setChosen('')}
        onConfirm={() => {
          onApply(applied);
          setChosen('');
        }}
      >
        <p>The preset replaces these settings of the draft and keeps the others. Nothing is saved yet.</p>
        <DocumentChanges before={draft} after={applied} caption={`what the ${chosen} preset changes`} />
      </ConfirmDialog>
    </>
  );
}
