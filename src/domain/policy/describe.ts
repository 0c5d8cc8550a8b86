import { formatDuration } from '../duration.ts';
import type { SettingSource } from './resolve.ts';
import { SETTINGS, type SettingName, type SettingValue } from './settings.ts';

/** "14d", "never", "true", "5": how a value reads in a message; `name` tells a count from a duration. */
export function describeValue(value: SettingValue, name?: string): string {
  const counted =
    name !== undefined && Object.hasOwn(SETTINGS, name) && SETTINGS[name as SettingName].kind === 'count';
  return typeof value === 'number' && !counted ? formatDuration(value) : String(value);
}

/** "tenant acme", "subject class admin of client web": how a source reads in a message. */
export function describeSource(source: SettingSource): string {
  switch (source.level) {
    case 'default':
      return 'the built-in default';
    case 'service':
      return source.id === 'configuration' ? 'the service configuration' : 'the service policy';
    case 'subjectClass':
      return `subject class ${source.id} of ${describeSource(source.owner)}`;
    case 'request':
      return 'the request';
    default:
      return `${source.level} ${source.id}`;
  }
}
