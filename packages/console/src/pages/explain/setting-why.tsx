import { LevelLink } from '../../components/level-link.tsx';
import {
  ceilingInWords,
  type SettingName,
  type StackEntry,
  type StackedSetting,
  settingValueInWords,
} from '../../format/settings.ts';
import { describeSource } from '../../format/source.ts';

export const winnerOf = (setting: StackedSetting): StackEntry | undefined =>
  setting.stack.find((entry) => entry.role === 'won');

/**
 * Why the setting has its value, in a sentence or two: who set it, and the ceiling that clamped it or that it
 * stays within. "Set by client web. Clamped 90 days → 1 hour by the ceiling of tenant provider."
 */
export function SettingWhy({ name, setting }: { name: SettingName; setting: StackedSetting }) {
  const winner = winnerOf(setting);
  const setBy =
    setting.source.level === 'default' ? (
      <>No level sets it: the built-in default applies.</>
    ) : (
      <>
        Set by <LevelLink source={setting.source} />.
      </>
    );
  return (
    <p className="explain-why">
      {setBy}
      {setting.clampedBy && winner?.value !== undefined && (
        <>
          {' '}
          Clamped {settingValueInWords(name, winner.value)} → {settingValueInWords(name, setting.value)} by
          the ceiling of <LevelLink source={setting.clampedBy} />.
        </>
      )}
      {!setting.clampedBy && setting.ceiling && (
        <>
          {' '}
          Within the ceiling of {ceilingInWords(setting.ceiling.value)} set by{' '}
          <LevelLink source={setting.ceiling.source} />.
        </>
      )}
    </p>
  );
}

/** What became of one level's word on the setting, in words. */
export function outcomeInWords(name: SettingName, entry: StackEntry, setting: StackedSetting): string {
  const winner = winnerOf(setting);
  switch (entry.role) {
    case 'won':
      return setting.clampedBy
        ? `Wins, but is clamped to ${settingValueInWords(name, setting.value)}`
        : 'Wins: the most specific level that sets it';
    case 'overridden':
      return winner
        ? `Overridden by ${describeSource(winner.source)}`
        : 'Overridden by a more specific level';
    case 'longer-scope':
      return winner
        ? `Longer than ${describeSource(winner.source)}: of the requested scopes, the shortest wins`
        : 'Longer than another requested scope: the shortest wins';
    case 'ceiling-only':
      return 'Sets only a ceiling';
  }
}

/** What one level's ceiling did: bound the value (and clamped it), or lay above a smaller one. */
export function ceilingOutcome(name: SettingName, entry: StackEntry, setting: StackedSetting): string {
  if (entry.max === undefined) return '';
  const winner = winnerOf(setting);
  if (entry.clamped && winner?.value !== undefined) {
    return `Binding: clamped ${settingValueInWords(name, winner.value)} → ${settingValueInWords(name, setting.value)}`;
  }
  if (entry.binding) return 'Binding: the smallest ceiling on the path (the value is within it)';
  return setting.ceiling
    ? `Not binding: ${describeSource(setting.ceiling.source)} sets a smaller one`
    : 'Not binding';
}
