import { SETTING_GROUPS } from '../../format/settings.ts';
import { useCatalog } from './catalog.ts';
import type { PolicyDoc, Section } from './draft.ts';
import type { DryRun, ExplainedValue, Inherited, LintWarning } from './policy-api.ts';
import type { PolicyLevel } from './policy-level.ts';
import { SettingRow } from './setting-row.tsx';

/** The subject class whose inheritance a section shows: its own, the user's for a user level, else `user`. */
function classShown(section: Section, inherited: Inherited): string {
  if (section.kind === 'class') return section.subjectClass;
  const classes = Object.keys(inherited);
  return classes.length === 1 ? (classes[0] ?? 'user') : 'user';
}

/** The settings of one section, grouped; each row knows what it inherits and what the draft would make of it. */
export function SectionSettings({
  level,
  section,
  draft,
  inherited,
  preview,
  warnings,
  errors,
  readOnly,
  onDraft,
}: {
  level: PolicyLevel;
  section: Section;
  draft: PolicyDoc;
  inherited: Inherited;
  preview: DryRun | undefined;
  warnings: LintWarning[];
  errors: Record<string, string>;
  readOnly: boolean;
  onDraft: (next: PolicyDoc) => void;
}) {
  const catalog = useCatalog();
  const settings = catalog.data?.settings ?? [];
  const shownClass = classShown(section, inherited);
  // scopes carry token lifetimes only; every other level carries every setting
  const applies = (name: string) =>
    level.level !== 'scope' || settings.find((s) => s.name === name)?.perScope === true;
  const afterOf = (name: string): ExplainedValue | undefined =>
    preview?.changes.find((c) => c.setting === name && c.subjectClass === shownClass)?.after;
  const classBlocksOf = (name: string) =>
    section.kind !== 'level' || Object.keys(inherited).length === 1
      ? []
      : Object.entries(inherited)
          .filter(([, explained]) => explained[name]?.source.level === 'subjectClass')
          .map(([subjectClass, explained]) => ({
            subjectClass,
            explained: explained[name] as ExplainedValue,
          }));

  return (
    <>
      {SETTING_GROUPS.map((group, groupIndex) => {
        const names: string[] = group.settings.filter(applies);
        if (names.length === 0) return null;
        return (
          <details
            key={group.title}
            className="setting-group card"
            open={groupIndex === 0 || names.some((n) => errors[`policy.${n}`] !== undefined)}
          >
            <summary>
              <h2>{group.title}</h2>
            </summary>
            {names.map((name) => {
              const setting = settings.find((s) => s.name === name);
              if (!setting) return null;
              return (
                <SettingRow
                  key={`${section.kind === 'level' ? 'level' : section.subjectClass}:${name}`}
                  setting={setting}
                  section={section}
                  draft={draft}
                  inherited={inherited[shownClass]?.[name]}
                  classBlocks={classBlocksOf(name)}
                  after={afterOf(name)}
                  errors={errors}
                  warnings={warnings.filter(
                    (w) => w.setting === name && w.subjectClasses.includes(shownClass),
                  )}
                  readOnly={readOnly}
                  onDraft={onDraft}
                />
              );
            })}
          </details>
        );
      })}
    </>
  );
}
