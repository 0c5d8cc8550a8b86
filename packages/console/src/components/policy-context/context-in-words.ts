/** The context as the server answered it (a user's tenant and class filled in). */
export interface AnsweredContext {
  tenantId?: string;
  clientId?: string;
  userId?: string;
  subjectClass: string;
  scopes: string[];
}

/** "client web of tenant acme, user 42, subject class user, scopes openid payments". */
export function contextInWords(context: AnsweredContext): string {
  const where = [
    context.clientId !== undefined ? `client ${context.clientId}` : undefined,
    context.tenantId !== undefined ? `tenant ${context.tenantId}` : 'the service (no tenant)',
  ]
    .filter(Boolean)
    .join(' of ');
  const scopes =
    context.scopes.length === 0
      ? 'no scopes'
      : `scope${context.scopes.length === 1 ? '' : 's'} ${context.scopes.join(' ')}`;
  const user = context.userId !== undefined ? `user ${context.userId}, ` : '';
  return `${where}, ${user}subject class ${context.subjectClass}, ${scopes}`;
}
