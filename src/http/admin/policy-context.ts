import Type, { type Static } from 'typebox';
import type { User } from '../../domain/accounts/user.ts';
import type { UserAdministration } from '../../domain/accounts/user-administration.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import type { PolicyContext } from '../../domain/policy/policy-resolver.ts';
import { SUBJECT_CLASSES, type SubjectClass } from '../../domain/policy/settings.ts';

/** The fields that name a token's path, as the effective policy query and the simulation body take them. */
export const POLICY_CONTEXT_FIELDS = {
  tenantId: Type.Optional(Type.String({ description: 'a tenant (its chain of parents applies too)' })),
  clientId: Type.Optional(Type.String({ description: 'a client; alone, it implies its tenant' })),
  subjectClass: Type.Optional(
    Type.String({
      description: `${SUBJECT_CLASSES.join(', ')}; the user's own class with userId, else user`,
    }),
  ),
  scope: Type.Optional(Type.String({ description: 'space-separated scopes' })),
  userId: Type.Optional(
    Type.String({ description: 'a user: their tenant, subject class and own overrides' }),
  ),
};

/** The context as answered: what was given, the user's tenant, and the subject class and scopes used. */
export const AnsweredContextSchema = Type.Object({
  tenantId: Type.Optional(Type.String()),
  clientId: Type.Optional(Type.String()),
  userId: Type.Optional(Type.String()),
  subjectClass: Type.String(),
  scopes: Type.Array(Type.String()),
});

export interface PolicyContextFields {
  tenantId?: string | undefined;
  clientId?: string | undefined;
  subjectClass?: string | undefined;
  scope?: string | undefined;
  userId?: string | undefined;
}

export interface ParsedPolicyContext {
  context: PolicyContext & { subjectClass: SubjectClass; scopes: string[] };
  answered: Static<typeof AnsweredContextSchema>;
  user: User | undefined;
}

/**
 * Reads a context: a user gives their tenant, subject class and own overrides; the subject class defaults to
 * `user`. `prefix` names the fields of a problem (`context.` in a body).
 */
export async function parsePolicyContext(
  fields: PolicyContextFields,
  users: UserAdministration,
  prefix = '',
): Promise<ParsedPolicyContext> {
  const { clientId, scope, userId } = fields;
  const user = userId === undefined ? undefined : await users.get(userId);
  const tenantId = fields.tenantId ?? user?.tenantId;
  const subjectClass = parseSubjectClass(fields.subjectClass ?? user?.subjectClass ?? 'user', prefix);
  const scopes = (scope ?? '').split(' ').filter((s) => s !== '');
  return {
    context: { tenantId, clientId, subjectClass, scopes, user: user && { id: user.id, policy: user.policy } },
    answered: {
      ...(tenantId !== undefined && { tenantId }),
      ...(clientId !== undefined && { clientId }),
      ...(userId !== undefined && { userId }),
      subjectClass,
      scopes,
    },
    user,
  };
}

function parseSubjectClass(value: string, prefix: string): SubjectClass {
  if ((SUBJECT_CLASSES as readonly string[]).includes(value)) return value as SubjectClass;
  throw new ValidationFailed('unknown subject class', [
    { field: `${prefix}subjectClass`, message: `expected one of ${SUBJECT_CLASSES.join(', ')}` },
  ]);
}
