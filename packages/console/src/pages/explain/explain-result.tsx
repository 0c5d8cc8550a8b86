import { useState } from 'react';
import { Link } from 'react-router';
import { contextInWords } from '../../components/policy-context/context-in-words.ts';
import { type EffectivePolicy, SETTING_GROUPS, type SettingName } from '../../format/settings.ts';
import { SettingExplanation } from './setting-explanation.tsx';

const EVERY_SETTING = SETTING_GROUPS.flatMap((group) => group.settings);

/** Every effective setting of a context, grouped, each with why it has its value. */
export function ExplainResult({ policy, search }: { policy: EffectivePolicy; search: string }) {
  const [open, setOpen] = useState<ReadonlySet<SettingName>>(new Set());
  const allOpen = open.size === EVERY_SETTING.length;
  const toggle = (name: SettingName) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  return (
    <section aria-label="Effective policy" className="explain-result">
      <div className="explain-result-head">
        <p>
          <strong>Effective policy</strong> for {contextInWords(policy.context)} · policy version{' '}
          {policy.version}. <Link to={`/timeline?${search}`}>See a login of this context on a timeline</Link>
        </p>
        <button
          type="button"
          className="button"
          aria-pressed={allOpen}
          onClick={() => setOpen(allOpen ? new Set() : new Set(EVERY_SETTING))}
        >
          Show every level of every setting
        </button>
      </div>
      {SETTING_GROUPS.map((group) => (
        <section key={group.title} className="explain-group">
          <h2>{group.title}</h2>
          <ul className="explain-settings">
            {group.settings.map((name) => (
              <SettingExplanation
                key={name}
                name={name}
                setting={policy.settings[name]}
                open={open.has(name)}
                onToggle={() => toggle(name)}
              />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
