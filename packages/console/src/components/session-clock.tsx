import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { answered, api, lastActivityAt, onActivity } from '../api/client.ts';
import type { Me } from '../api/me.ts';
import { durationInWords } from '../format/duration.ts';
import { describeSource } from '../format/source.ts';

const timeOfDay = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * When the console session ends: its idle timeout after the last call, or its maximum lifetime after sign-in
 * (the administrators' policy, seed 004). At that moment the console asks the server, which ends it.
 */
export function SessionClock({ me }: { me: Me }) {
  const [activity, setActivity] = useState(lastActivityAt);
  const queries = useQueryClient();
  useEffect(() => onActivity(setActivity), []);
  const session = me.session;
  const idle = session?.idleTimeout.value;
  const idleEnd = typeof idle === 'number' ? activity + idle * 1000 : undefined;
  const maxEnd = session?.maxEndsAt ? Date.parse(session.maxEndsAt) : undefined;
  const ends = [idleEnd, maxEnd].filter((at): at is number => at !== undefined);
  const end = ends.length > 0 ? Math.min(...ends) : undefined;

  useEffect(() => {
    if (end === undefined) return;
    const timer = window.setTimeout(
      () => {
        // a session that has ended answers 401 and the console returns to its sign-in page (client.ts)
        answered(api.GET('/admin/v1/me')).then(
          (fresh) => queries.setQueryData(['me'], fresh),
          () => undefined,
        );
      },
      Math.max(0, end - Date.now() + 1000),
    );
    return () => window.clearTimeout(timer);
  }, [end, queries]);

  if (!session || end === undefined) return null;
  const title =
    typeof idle === 'number'
      ? `Idle timeout ${durationInWords(idle)}, set by ${describeSource(session.idleTimeout.source)}`
      : 'No idle timeout';
  return (
    <span className="session-clock" title={title}>
      Session ends {end === idleEnd ? 'if idle ' : ''}at{' '}
      <time dateTime={new Date(end).toISOString()}>{timeOfDay(end)}</time>
      <span className="visually-hidden"> ({title})</span>
    </span>
  );
}
