import { useQuery } from '@tanstack/react-query';
import { answered, api } from './client.ts';

/** Who is signed in, what they administer, and the console session's limits. */
export const useMe = () =>
  useQuery({
    queryKey: ['me'],
    queryFn: () => answered(api.GET('/admin/v1/me')),
    staleTime: Number.POSITIVE_INFINITY,
  });

export type Me = NonNullable<ReturnType<typeof useMe>['data']>;
