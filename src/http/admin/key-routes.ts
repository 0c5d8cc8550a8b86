import Type from 'typebox';
import type { KeyRing } from '../../domain/keys/key-ring.ts';
import type { KeyRotation } from '../../domain/keys/key-rotation.ts';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../domain/policy/settings.ts';
import { auditContext } from '../audit-context.ts';
import type { TypedApp } from '../typed-app.ts';
import { ProblemSchema } from './schemas.ts';
import { signingKeyView } from './views.ts';

const Instant = Type.Union([Type.String(), Type.Null()]);
export const KeySchema = Type.Object({
  kid: Type.String(),
  algorithm: Type.String(),
  status: Type.String({
    description: 'next (published, not signing yet), active, retired (verifying), expired, revoked',
  }),
  createdAt: Type.String(),
  activatesAt: Type.String(),
  retiredAt: Instant,
  publishedUntil: Instant,
  revokedAt: Instant,
});

const RotateSchema = Type.Object(
  {
    algorithm: Type.Optional(
      Type.Unsafe<SigningAlgorithm>({ type: 'string', enum: [...SIGNING_ALGORITHMS] }),
    ),
    mode: Type.Optional(
      Type.Unsafe<'graceful' | 'revoke'>({
        type: 'string',
        enum: ['graceful', 'revoke'],
        description:
          'graceful (the default): the new key is published before it signs and the old one stays until its tokens expire; ' +
          'revoke: the old key is withdrawn and everything it signed, refresh families included, ends at once',
      }),
    ),
  },
  { additionalProperties: false },
);

export function registerKeyRoutes(app: TypedApp, keys: KeyRing, rotation: KeyRotation): void {
  const listed = () => ({ items: keys.list().map(signingKeyView) });
  const KeyList = Type.Object({ items: Type.Array(KeySchema) });

  app.get(
    '/admin/v1/keys',
    {
      schema: {
        tags: ['keys'],
        description: 'signing keys (public information only)',
        response: { 200: KeyList, 401: ProblemSchema },
      },
    },
    async () => listed(),
  );

  app.post(
    '/admin/v1/keys/rotate',
    {
      schema: {
        tags: ['keys'],
        description:
          "rotates an algorithm's signing key (default: the service's configured algorithm, gracefully); the body may be left out",
        body: RotateSchema,
        response: { 200: KeyList, 400: ProblemSchema, 401: ProblemSchema, 409: ProblemSchema },
      },
      // no body at all is a rotation with every default
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const { algorithm, mode = 'graceful' } = request.body;
      await rotation.rotate(algorithm, mode, auditContext(request));
      return listed();
    },
  );
}
