import { useQuery } from '@tanstack/react-query';
import { valueInWords } from '../../format/duration.ts';
import { readCatalog, type SettingInfo } from './policy-api.ts';

/** The settings of the policy model, from the server (read once per console session). */
export const useCatalog = () =>
  useQuery({ queryKey: ['settings-catalog'], queryFn: readCatalog, staleTime: Number.POSITIVE_INFINITY });

const isDuration = (setting: SettingInfo | undefined) =>
  setting === undefined ||
  setting.kind === 'lifetime' ||
  setting.kind === 'limit' ||
  setting.kind === 'interval';

/** A value of a document path in words: the path's last segment names the setting (and so its kind). */
export function pathValueInWords(settings: SettingInfo[] | undefined, path: string, value: unknown): string {
  if (value === undefined) return 'inherited';
  const name = path.split('.').at(-1);
  const setting = settings?.find((s) => s.name === name);
  return valueInWords(value, isDuration(setting) ? 'duration' : 'other');
}
