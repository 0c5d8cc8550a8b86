import { useId } from 'react';
import {
  type SettingName,
  type StackedSetting,
  settingLabel,
  settingValueInWords,
} from '../../format/settings.ts';
import { SettingStack } from './setting-stack.tsx';
import { SettingWhy } from './setting-why.tsx';

/**
 * One setting: its effective value in words, who set it and what clamped it, and — behind a disclosure button —
 * every level that has a say, broad to specific.
 */
export function SettingExplanation({
  name,
  setting,
  open,
  onToggle,
}: {
  name: SettingName;
  setting: StackedSetting;
  open: boolean;
  onToggle: () => void;
}) {
  const stackId = useId();
  const levels = setting.stack.length;
  return (
    <li className="explain-setting">
      <h3>
        {settingLabel(name)} <code className="explain-setting-name">{name}</code>
      </h3>
      <p className="explain-value">{settingValueInWords(name, setting.value)}</p>
      <SettingWhy name={name} setting={setting} />
      <button
        type="button"
        className="button button-small explain-toggle"
        aria-expanded={open}
        aria-controls={stackId}
        onClick={onToggle}
      >
        {open ? 'Hide' : 'Show'} the {levels === 1 ? 'level' : `${levels} levels`}
        <span className="visually-hidden"> of {settingLabel(name).toLowerCase()}</span>
      </button>
      <div id={stackId} className="explain-stack-region" hidden={!open}>
        <SettingStack name={name} setting={setting} />
      </div>
    </li>
  );
}
