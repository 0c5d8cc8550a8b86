import { useId } from 'react';
import { durationInWords, valueInWords } from '../../format/duration.ts';
import { SETTING_INFO } from '../../format/settings.ts';
import { LevelLink } from '../level-link.tsx';
import { ceilingIn, fieldKey, type PolicyDoc, type Section, setCeiling, setValue, valueIn } from './draft.ts';
import type { ExplainedValue, LintWarning, SettingInfo } from './policy-api.ts';
import { CeilingControl, ValueControl } from './value-control.tsx';

export interface SettingRowProps {
  setting: SettingInfo;
  section: Section;
  draft: PolicyDoc;
  /** What the section inherits (the level's own document left out). */
  inherited: ExplainedValue | undefined;
  /** Subject classes for which a broader class block wins over this level's general value. */
  classBlocks: { subjectClass: string; explained: ExplainedValue }[];
  /** The effective value once the draft is saved, from the server's dry run (when it differs). */
  after: ExplainedValue | undefined;
  errors: Record<string, string>;
  warnings: LintWarning[];
  readOnly: boolean;
  onDraft: (next: PolicyDoc) => void;
}

/** What a person calls a setting ("Access token lifetime"); the server's name stays beside it. */
const labelOf = (name: string): string =>
  name in SETTING_INFO ? SETTING_INFO[name as keyof typeof SETTING_INFO].label : name;

const isDuration = (setting: SettingInfo) =>
  setting.kind === 'lifetime' || setting.kind === 'limit' || setting.kind === 'interval';
const shown = (setting: SettingInfo, value: unknown) =>
  valueInWords(value, isDuration(setting) ? 'duration' : 'other');

/**
 * One setting of one section: what it inherits and from where, Inherit or Override, the value in words, the
 * ceiling that binds it and the one this level sets, and the server's verdict on the draft (errors, lint, the
 * effective value after the change).
 */
export function SettingRow(props: SettingRowProps) {
  const { setting, section, draft, inherited, classBlocks, after, errors, warnings, readOnly, onDraft } =
    props;
  const id = useId();
  const own = valueIn(draft, section, setting.name);
  const overriding = own !== undefined;
  const ownCeiling = ceilingIn(draft, section, setting.name);
  const where = section.kind === 'level' ? 'this level' : `subject class ${section.subjectClass}`;
  const valueError = errors[fieldKey(section, setting.name)];
  const ceilingError = errors[fieldKey(section, setting.name, true)];
  const inheritedCeiling = inherited?.ceiling;
  const overCeiling =
    typeof own === 'number' && inheritedCeiling !== undefined && own > inheritedCeiling.value
      ? inheritedCeiling
      : undefined;
  const radioName = `${id}-mode`;
  const describedBy = `${id}-inherited`;

  return (
    <fieldset
      className={`setting${overriding ? ' setting-overridden' : ''}`}
      aria-describedby={`${id}-description`}
    >
      <legend>
        {labelOf(setting.name)} <code className="setting-name">{setting.name}</code>
      </legend>
      <p id={`${id}-description`} className="hint">
        {setting.description}
      </p>
      <p id={describedBy} className="inherited">
        Inherits <strong>{inherited ? shown(setting, inherited.value) : '…'}</strong> from{' '}
        <LevelLink source={inherited?.source} />
        {inherited?.clampedBy && (
          <>
            {' '}
            (clamped by <LevelLink source={inherited.clampedBy} />)
          </>
        )}
        {inheritedCeiling && (
          <>
            {' · '}ceiling {durationInWords(inheritedCeiling.value)} set by{' '}
            <LevelLink source={inheritedCeiling.source} />
          </>
        )}
      </p>
      {classBlocks.length > 0 && (
        <p className="hint">
          Class blocks win over {where}'s value:{' '}
          {classBlocks.map(({ subjectClass, explained }, index) => (
            <span key={subjectClass}>
              {index > 0 && '; '}
              {subjectClass} gets {shown(setting, explained.value)} from{' '}
              <LevelLink source={explained.source} />
            </span>
          ))}
          .
        </p>
      )}
      <div className="mode" role="radiogroup" aria-label={`${setting.name} at ${where}`}>
        <label>
          <input
            type="radio"
            name={radioName}
            checked={!overriding}
            disabled={readOnly}
            onChange={() => onDraft(setValue(draft, section, setting.name, undefined))}
          />{' '}
          Inherit
        </label>
        <label>
          <input
            type="radio"
            name={radioName}
            checked={overriding}
            disabled={readOnly}
            onChange={() =>
              onDraft(setValue(draft, section, setting.name, inherited?.value ?? setting.default))
            }
          />{' '}
          Override
        </label>
        {overriding && (
          <ValueControl
            setting={setting}
            value={own}
            label={`${setting.name} at ${where}`}
            describedBy={valueError ? `${id}-error` : undefined}
            onChange={(value) => onDraft(setValue(draft, section, setting.name, value))}
          />
        )}
      </div>
      {valueError && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {valueError}
        </p>
      )}
      {overCeiling && (
        <p className="notice notice-warning">
          Above the ceiling: tokens get {durationInWords(overCeiling.value)}, the ceiling of{' '}
          <LevelLink source={overCeiling.source} />.
        </p>
      )}
      {warnings.map((warning) => (
        <p key={warning.message} className="notice notice-warning">
          Lint: {warning.message} (for {warning.subjectClasses.join(', ')})
        </p>
      ))}
      {after && (
        <p className="after">
          After saving: <strong>{shown(setting, after.value)}</strong> from{' '}
          <LevelLink source={after.source} />
          {after.clampedBy && (
            <>
              , clamped by <LevelLink source={after.clampedBy} />
            </>
          )}
        </p>
      )}
      {setting.ceiling && (
        <details className="ceiling" open={ownCeiling !== undefined}>
          <summary>
            Ceiling at {where}: {ownCeiling === undefined ? 'none' : durationInWords(Number(ownCeiling))}
          </summary>
          <p className="hint">A ceiling binds every more specific level and every request below this one.</p>
          <div className="mode">
            <label>
              <input
                type="checkbox"
                checked={ownCeiling !== undefined}
                disabled={readOnly}
                onChange={(e) =>
                  onDraft(
                    setCeiling(
                      draft,
                      section,
                      setting.name,
                      e.target.checked ? Number(inheritedCeiling?.value ?? 86_400) : undefined,
                    ),
                  )
                }
              />{' '}
              Set a ceiling
            </label>
            {ownCeiling !== undefined && (
              <CeilingControl
                value={ownCeiling}
                label={`ceiling of ${setting.name} at ${where}`}
                onChange={(seconds) => onDraft(setCeiling(draft, section, setting.name, seconds))}
              />
            )}
          </div>
          {ceilingError && (
            <p className="field-error" role="alert">
              {ceilingError}
            </p>
          )}
        </details>
      )}
    </fieldset>
  );
}
