import { useId } from 'react';
import { Field } from '../../components/field.tsx';
import { DURATION_UNITS } from '../../format/duration.ts';
import type { DurationDraft, ScenarioDraft } from './scenario.ts';

type ScenarioErrors = Partial<Record<keyof ScenarioDraft, string>>;

/** A number and its unit; the unit's select is named after the number's label ("Refresh every, unit"). */
function DurationField({
  label,
  hint,
  value,
  onChange,
  error,
}: {
  label: string;
  hint: string;
  value: DurationDraft;
  onChange: (next: DurationDraft) => void;
  error?: string | undefined;
}) {
  const unitId = useId();
  return (
    <Field label={label} hint={hint} error={error}>
      {(props) => (
        <span className="timeline-duration">
          <input
            {...props}
            inputMode="numeric"
            pattern="[0-9]*"
            value={value.amount}
            onChange={(e) => onChange({ ...value, amount: e.target.value })}
          />
          <label htmlFor={unitId} className="visually-hidden">
            {label}, unit
          </label>
          <select
            id={unitId}
            value={value.unit}
            onChange={(e) =>
              onChange({
                ...value,
                unit: DURATION_UNITS.find((u) => u.unit === e.target.value)?.unit ?? value.unit,
              })
            }
          >
            {DURATION_UNITS.map((u) => (
              <option key={u.unit} value={u.unit}>
                {u.label}
              </option>
            ))}
          </select>
        </span>
      )}
    </Field>
  );
}

/** What the app does after the login: how often it refreshes, for how long, and how the user signs in. */
export function ScenarioFields({
  value,
  onChange,
  errors,
}: {
  value: ScenarioDraft;
  onChange: (next: ScenarioDraft) => void;
  errors: ScenarioErrors;
}) {
  const set = (patch: Partial<ScenarioDraft>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="timeline-scenario">
      <legend>What the app does</legend>
      <div className="timeline-scenario-grid">
        <DurationField
          label="Refresh every"
          hint="The app is used, and refreshes, this often. Empty: it never refreshes."
          value={value.refreshEvery}
          onChange={(refreshEvery) => set({ refreshEvery })}
          error={errors.refreshEvery}
        />
        <DurationField
          label="Active for"
          hint="It stops being used after this long. Empty: the whole horizon."
          value={value.activeFor}
          onChange={(activeFor) => set({ activeFor })}
          error={errors.activeFor}
        />
        <DurationField
          label="Horizon"
          hint="The span simulated: at most 400 days. Empty: 90 days."
          value={value.horizon}
          onChange={(horizon) => set({ horizon })}
          error={errors.horizon}
        />
        <Field
          label="Login flow"
          hint="The authorization code flow has a browser session and takes no requested lifetime."
          error={errors.loginFlow}
        >
          {(props) => (
            <select
              {...props}
              value={value.loginFlow}
              onChange={(e) =>
                set({ loginFlow: e.target.value === 'firstParty' ? 'firstParty' : 'authorizationCode' })
              }
            >
              <option value="authorizationCode">Authorization code (browser, /oauth2/authorize)</option>
              <option value="firstParty">First-party (/api/v1/auth/login)</option>
            </select>
          )}
        </Field>
        {value.loginFlow === 'firstParty' && (
          <DurationField
            label="Requested access token lifetime"
            hint="expires_in asked for at the login, honoured up to the ceiling. Empty: none asked for."
            value={value.requestedAccessTokenTtl}
            onChange={(requestedAccessTokenTtl) => set({ requestedAccessTokenTtl })}
            error={errors.requestedAccessTokenTtl}
          />
        )}
      </div>
    </fieldset>
  );
}
