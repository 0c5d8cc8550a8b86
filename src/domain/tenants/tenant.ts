import type { Instant } from '../clock.ts';
import type { PolicyDocument } from '../policy/document.ts';

export interface ExternalProvider {
  issuer: string;
  jwksUri: string;
  /** The audience the provider puts in ID tokens for this tenant's app (its client id there). */
  audience: string;
}

/** A tenant ("customer"): tenants nest (provider → customer → sub-customer) and inherit policy from parents. */
export interface Tenant {
  id: string;
  parentId: string | null;
  name: string;
  policy: PolicyDocument;
  /** Descriptive fields kept for the operator (the customer API's address, e-mail, additional info …). */
  profile: Record<string, unknown>;
  /** OpenID providers whose ID tokens log users of this tenant in (the first-party external login). */
  externalProviders: ExternalProvider[];
  /** Tokens of this tenant issued before this instant are invalid ("expire all tokens"). */
  notBefore: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}
