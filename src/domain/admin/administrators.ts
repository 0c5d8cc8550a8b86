import type { TenantRepository } from '../../ports/tenant-repository.ts';
import type { UserSubjectClass } from '../accounts/user.ts';
import type { FieldProblem } from '../errors.ts';
import { SERVICE_TENANT_ID } from './built-ins.ts';

/**
 * Console administrators are users of class `admin` in the service tenant. `administers` gives one of them a
 * tenant's subtree to manage; it means nothing for anyone else, so it may only be set on them.
 */
export async function administersProblems(
  tenants: TenantRepository,
  tenantId: string,
  subjectClass: UserSubjectClass,
  administers: string | null,
): Promise<FieldProblem[]> {
  if (administers === null) return [];
  if (tenantId !== SERVICE_TENANT_ID || subjectClass !== 'admin') {
    return [
      {
        field: 'administers',
        message: `only administrators (class admin in tenant ${SERVICE_TENANT_ID}) administer a tenant`,
      },
    ];
  }
  if (administers === SERVICE_TENANT_ID) {
    return [{ field: 'administers', message: 'null gives the whole service; name a tenant to restrict' }];
  }
  if (!(await tenants.get(administers))) {
    return [{ field: 'administers', message: `tenant ${administers} does not exist` }];
  }
  return [];
}
