import { useQuery } from '@tanstack/react-query';
import { answered, api } from '../../api/client.ts';
import type { paths } from '../../api/management-api.ts';

export type Overview = paths['/admin/v1/overview']['get']['responses'][200]['content']['application/json'];
export type LevelWarning = Overview['warnings'][number];

/** The periods the overview offers, in hours. */
export const PERIODS: ReadonlyArray<{ hours: number; label: string }> = [
  { hours: 24, label: 'the last 24 hours' },
  { hours: 168, label: 'the last 7 days' },
  { hours: 720, label: 'the last 30 days' },
];

/** Live counts change with every login: the overview is read again each minute while it is open. */
const REREAD_MS = 60_000;

export const useOverview = (hours: number) =>
  useQuery({
    queryKey: ['overview', hours],
    queryFn: () => answered(api.GET('/admin/v1/overview', { params: { query: { hours } } })),
    refetchInterval: REREAD_MS,
  });
