import Type from 'typebox';
import type { UserAdministration } from '../../domain/accounts/user-administration.ts';
import type { TypedApp } from '../typed-app.ts';
import { IdParams } from './schemas.ts';
import { userErrors as errors, OptionalInstant } from './user-schemas.ts';
import { isoInstant, isoOrNull } from './views.ts';

const tags = ['users'];

const DeviceLockSchema = Type.Object({
  device: Type.String({ description: "the login's device_id, or the client address when it sent none" }),
  failures: Type.Integer({ description: 'failed logins counted in the current failure window' }),
  lockedAt: OptionalInstant('when the device was locked; null when it is not'),
  lockedUntil: OptionalInstant('lock time + the current deviceLockDuration; null when not locked'),
});

const LockStateSchema = Type.Object({
  lockedForSecurityReasons: Type.Boolean({ description: 'locked by the brute-force lockout (seed 004)' }),
  lockedAt: OptionalInstant('when the user was locked; null when they are not'),
  lockedUntil: OptionalInstant('lock time + the current userLockDuration; null when not locked'),
  deviceLocks: Type.Array(DeviceLockSchema, {
    description: 'the devices of the username that count now: locked, or with failures in their window',
  }),
});

/** A user's brute-force lock and the device locks and failures behind it (seed 004). */
export function registerUserLockRoutes(app: TypedApp, users: UserAdministration): void {
  app.get(
    '/admin/v1/users/:id/lock',
    {
      schema: {
        tags,
        description:
          "the user's brute-force lock and the state of each device of their username; PATCH the user with " +
          'lockedForSecurityReasons false to unlock them and every device',
        params: IdParams,
        response: { 200: LockStateSchema, ...errors },
      },
    },
    async (request) => {
      const { lock, devices } = await users.lockState(await users.get(request.params.id));
      return {
        lockedForSecurityReasons: lock !== undefined,
        lockedAt: lock ? isoInstant(lock.lockedAt) : null,
        lockedUntil: lock ? isoInstant(lock.lockedUntil) : null,
        deviceLocks: devices.map((device) => ({
          device: device.deviceId,
          failures: device.failures,
          lockedAt: isoOrNull(device.lockedAt),
          lockedUntil: isoOrNull(device.lockedUntil),
        })),
      };
    },
  );
}
