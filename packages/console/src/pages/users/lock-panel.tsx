import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answered, api } from '../../api/client.ts';
import { OutcomeNotice } from '../../components/outcome-notice.tsx';
import { Loaded } from '../../components/states.tsx';
import { instantText } from '../../format/instant.ts';
import { type LockState, type User, userKeys } from './user-model.ts';
import './users.css';
import { ScrollRegion } from '../../components/scroll-region.tsx';

/**
 * The user's brute-force lock and the devices behind it (seed 004): each device's failures in its current window
 * and its lock; Unlock ends the user's lock and every device's.
 */
export function LockPanel({ user }: { user: User }) {
  const queries = useQueryClient();
  const lock = useQuery({
    queryKey: userKeys.lock(user.id),
    queryFn: () => answered(api.GET('/admin/v1/users/{id}/lock', { params: { path: { id: user.id } } })),
    // failed logins happen outside the console: always read afresh
    staleTime: 0,
  });
  const unlock = useMutation({
    mutationFn: () =>
      answered(
        api.PATCH('/admin/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { lockedForSecurityReasons: false },
        }),
      ),
    // the user's page, and the Locked badge of the list
    onSuccess: () => queries.invalidateQueries({ queryKey: userKeys.all }),
  });
  return (
    <section aria-labelledby="lock-heading" className="card user-panel">
      <h2 id="lock-heading">Lock</h2>
      {user.username === null ? (
        <p>A user without a username cannot log in with a password, so no lockout counts for them.</p>
      ) : (
        <Loaded query={lock}>
          {(state) => (
            <>
              <LockSummary state={state} />
              <DeviceLocks state={state} />
              {(state.lockedForSecurityReasons || state.deviceLocks.length > 0) && (
                <div className="toolbar">
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={unlock.isPending}
                    onClick={() => unlock.mutate()}
                  >
                    {unlock.isPending ? 'Unlocking…' : 'Unlock'}
                  </button>
                  <span className="hint">
                    Ends the user's lock and every device's, and clears their failures.
                  </span>
                </div>
              )}
            </>
          )}
        </Loaded>
      )}
      <OutcomeNotice
        mutation={unlock}
        success="Unlocked: the user may log in again from every device."
        errorTitle="The user was not unlocked"
      />
    </section>
  );
}

function LockSummary({ state }: { state: LockState }) {
  if (!state.lockedForSecurityReasons) {
    return (
      <p>
        <span className="badge badge-success">Not locked</span> The user may log in, except from a locked
        device below.
      </p>
    );
  }
  return (
    <p>
      <span className="badge badge-danger">Locked</span> until {instantText(state.lockedUntil)} (since{' '}
      {instantText(state.lockedAt)}): no login succeeds from any device, and their sessions and tokens have
      ended.
    </p>
  );
}

function DeviceLocks({ state }: { state: LockState }) {
  if (state.deviceLocks.length === 0) {
    return <p className="muted">No device has failed logins in its current window or a lock.</p>;
  }
  return (
    <ScrollRegion label={'Devices with failed logins or a lock'}>
      <table className="data">
        <caption className="user-table-caption">Devices with failed logins or a lock</caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Failures in the window</th>
            <th scope="col">Device lock</th>
          </tr>
        </thead>
        <tbody>
          {state.deviceLocks.map((device) => (
            <tr key={device.device}>
              <td>
                <code>{device.device}</code>
              </td>
              <td>{device.failures}</td>
              <td>
                {device.lockedUntil === null
                  ? 'not locked'
                  : `locked until ${instantText(device.lockedUntil)} (since ${instantText(device.lockedAt)})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
