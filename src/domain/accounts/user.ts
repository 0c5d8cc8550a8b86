import type { Instant } from '../clock.ts';
import type { PolicyDocument } from '../policy/document.ts';

/** The subject classes a person can have; `service` is a client acting for itself. */
export const USER_SUBJECT_CLASSES = ['user', 'admin', 'anonymous'] as const;
export type UserSubjectClass = (typeof USER_SUBJECT_CLASSES)[number];

/** OpenID Connect standard claims kept for a user (Core §5.1). */
export interface UserProfile {
  name?: string;
  email?: string;
  email_verified?: boolean;
}

export interface User {
  id: string;
  tenantId: string;
  /** Unique within the tenant; null for anonymous users and for users known only by an external identity. */
  username: string | null;
  /** argon2id (PHC string); null when the user has no password. */
  passwordHash: string | null;
  subjectClass: UserSubjectClass;
  /** The account ends at this instant; wins over the policy's accountValidity. */
  validUntil: Instant | null;
  profile: UserProfile;
  /** User-level policy overrides. */
  policy: PolicyDocument;
  /** Access tokens issued at or before this instant are invalid. */
  accessNotBefore: Instant | null;
  /** Refresh tokens of grants created at or before this instant are invalid. */
  refreshNotBefore: Instant | null;
  /**
   * For a console administrator (a user of class `admin` in the service's own tenant): the tenant whose subtree
   * they manage, or null for the whole service. Always null for other users.
   */
  administers: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}
