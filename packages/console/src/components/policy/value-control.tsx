import { useEffect, useId, useState } from 'react';
import {
  DURATION_UNITS,
  type DurationUnit,
  durationInWords,
  largestExactUnit,
  secondsOf,
} from '../../format/duration.ts';
import type { SettingInfo } from './policy-api.ts';

/** `never` and `none` are explicit choices, never a magic 0 (lifetime-policy.md). */
const specialOf = (setting: SettingInfo): 'never' | 'none' | undefined =>
  setting.kind === 'lifetime' && setting.allowsNever
    ? 'never'
    : setting.kind === 'limit' || setting.kind === 'count'
      ? 'none'
      : undefined;

const SPECIAL_LABEL = { never: 'never expires', none: 'none (no limit)' } as const;

interface ControlProps {
  setting: SettingInfo;
  /** The value set at this level (seconds, never, none, a count, a boolean, an enum value). */
  value: unknown;
  onChange: (value: unknown) => void;
  /** Labels the control for screen readers ("Override of accessTokenTtl for admin"). */
  label: string;
  describedBy?: string | undefined;
}

/** The control of one setting's value, by the setting's kind. */
export function ValueControl(props: ControlProps) {
  const { setting, value, onChange, label, describedBy } = props;
  if (setting.kind === 'boolean') {
    return (
      <select
        aria-label={label}
        aria-describedby={describedBy}
        value={value === true ? 'true' : 'false'}
        onChange={(e) => onChange(e.target.value === 'true')}
      >
        <option value="true">on</option>
        <option value="false">off</option>
      </select>
    );
  }
  if (setting.kind === 'enum') {
    return (
      <select
        aria-label={label}
        aria-describedby={describedBy}
        value={String(value)}
        onChange={(e) => onChange(e.target.value)}
      >
        {(setting.values ?? []).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  }
  return <NumberControl {...props} />;
}

/** A number with its unit (durations) or alone (counts), or the setting's explicit never/none. */
function NumberControl({ setting, value, onChange, label, describedBy }: ControlProps) {
  const special = specialOf(setting);
  const duration = setting.kind !== 'count';
  const initial =
    typeof value === 'number'
      ? duration
        ? largestExactUnit(value)
        : { amount: value, unit: 's' as DurationUnit }
      : undefined;
  const [amount, setAmount] = useState(initial ? String(initial.amount) : '');
  const [unit, setUnit] = useState<DurationUnit | 'special'>(
    value === special && special !== undefined ? 'special' : (initial?.unit ?? (duration ? 'h' : 's')),
  );
  const [problem, setProblem] = useState<string | undefined>();
  const unitId = useId();

  // a value changed from outside (a preset, a reload) shows as it is now
  useEffect(() => {
    if (typeof value === 'number') {
      const shown = duration ? largestExactUnit(value) : { amount: value, unit: 's' as DurationUnit };
      setAmount(String(shown.amount));
      setUnit(shown.unit);
    } else if (value === special && special !== undefined) {
      setUnit('special');
    }
  }, [value, duration, special]);

  const emit = (nextAmount: string, nextUnit: DurationUnit | 'special') => {
    if (nextUnit === 'special') {
      setProblem(undefined);
      onChange(special);
      return;
    }
    const parsed = Number(nextAmount);
    if (nextAmount.trim() === '' || !Number.isInteger(parsed) || parsed < 0) {
      setProblem('enter a whole number');
      return;
    }
    setProblem(undefined);
    onChange(duration ? secondsOf(parsed, nextUnit) : parsed);
  };

  const showsNumber = unit !== 'special';
  return (
    <span className="value-control">
      {showsNumber && (
        <input
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          aria-label={label}
          aria-describedby={
            [describedBy, problem ? `${unitId}-problem` : undefined].filter(Boolean).join(' ') || undefined
          }
          aria-invalid={problem ? true : undefined}
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
            emit(e.target.value, unit);
          }}
        />
      )}
      {(duration || special !== undefined) && (
        <select
          id={unitId}
          aria-label={`${label}: unit`}
          value={unit}
          onChange={(e) => {
            const next = e.target.value as DurationUnit | 'special';
            setUnit(next);
            emit(amount === '' ? '1' : amount, next);
            if (amount === '' && next !== 'special') setAmount('1');
          }}
        >
          {duration &&
            DURATION_UNITS.map((u) => (
              <option key={u.unit} value={u.unit}>
                {u.label}
              </option>
            ))}
          {!duration && <option value="s">times</option>}
          {special !== undefined && <option value="special">{SPECIAL_LABEL[special]}</option>}
        </select>
      )}
      {problem && (
        <span id={`${unitId}-problem`} className="field-error">
          {problem}
        </span>
      )}
      {!problem && duration && typeof value === 'number' && (
        <span className="echo">= {durationInWords(value)}</span>
      )}
    </span>
  );
}

/** The ceiling control: seconds only (a ceiling is a duration; none = not set here). */
export function CeilingControl({
  value,
  onChange,
  label,
}: {
  value: unknown;
  onChange: (seconds: number) => void;
  label: string;
}) {
  const ceiling: SettingInfo = {
    name: 'max',
    kind: 'interval',
    description: '',
    default: 0,
    allowsNever: false,
    ceiling: false,
    perScope: false,
    tokenLifetime: false,
  };
  return (
    <NumberControl setting={ceiling} value={value} onChange={(v) => onChange(Number(v))} label={label} />
  );
}
