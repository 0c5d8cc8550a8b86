/**
 * Table shapes, shared by every dialect. Instants are epoch milliseconds (bigint); JSON is stored as text so the
 * same schema works on SQLite and PostgreSQL; secrets appear only as SHA-256 digests (base64url).
 */
export interface ServiceStateTable {
  id: number;
  policy: string;
  policy_version: number;
  config_version: number;
  not_before: number | null;
  /** The sequence number of the latest revocation event. */
  revocation_seq: number;
}

export interface TenantTable {
  id: string;
  parent_id: string | null;
  name: string;
  policy: string;
  profile: string;
  external_providers: string;
  not_before: number | null;
  created_at: number;
  updated_at: number;
}

export interface ClientTable {
  id: string;
  tenant_id: string;
  name: string;
  secret_hash: string | null;
  token_endpoint_auth_method: string;
  grant_types: string;
  scopes: string;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  first_party: number;
  policy: string;
  not_before: number | null;
  created_at: number;
  updated_at: number;
}

export interface ScopeTable {
  name: string;
  description: string;
  policy: string;
  created_at: number;
  updated_at: number;
}

export interface PolicyVersionTable {
  version: number;
  owner_level: string;
  owner_id: string | null;
  before: string;
  after: string;
  actor: string;
  at: number;
}

export interface SigningKeyTable {
  kid: string;
  algorithm: string;
  status: string;
  public_jwk: string;
  private_key: string;
  created_at: number;
  retired_at: number | null;
  activates_at: number | null;
  published_until: number | null;
  revoked_at: number | null;
}

export interface AccessTokenTable {
  id: string;
  secret_hash: string;
  grant_id: string | null;
  tenant_id: string;
  client_id: string;
  subject: string;
  subject_class: string;
  scope: string;
  issued_at: number;
  expires_at: number;
  policy_version: number;
  revoked_at: number | null;
}

export interface RevokedJwtTable {
  jti: string;
  expires_at: number;
}

export interface AdminKeyTable {
  id: string;
  name: string;
  key_hash: string;
  created_at: number;
}

export interface UserTable {
  id: string;
  tenant_id: string;
  username: string | null;
  password_hash: string | null;
  subject_class: string;
  valid_until: number | null;
  profile: string;
  policy: string;
  access_not_before: number | null;
  refresh_not_before: number | null;
  administers: string | null;
  created_at: number;
  updated_at: number;
}

export interface ExternalIdentityTable {
  tenant_id: string;
  issuer: string;
  subject: string;
  user_id: string;
  created_at: number;
}

export interface SessionTable {
  id: string;
  secret_hash: string;
  user_id: string;
  tenant_id: string;
  auth_time: number;
  last_active_at: number;
  ended_at: number | null;
}

export interface GrantTable {
  id: string;
  tenant_id: string;
  client_id: string;
  user_id: string;
  subject_class: string;
  scope: string;
  session_id: string | null;
  auth_time: number;
  created_at: number;
  absolute_expires_at: number | null;
  revoked_at: number | null;
  signing_kid: string | null;
}

export interface RefreshTokenTable {
  id: string;
  secret_hash: string;
  grant_id: string;
  issued_at: number;
  expires_at: number | null;
  rotated_at: number | null;
  successor_box: string | null;
}

export interface AuthorizationCodeTable {
  code_hash: string;
  client_id: string;
  user_id: string;
  session_id: string;
  redirect_uri: string;
  scope: string;
  nonce: string | null;
  code_challenge: string | null;
  auth_time: number;
  expires_at: number;
  consumed_at: number | null;
  grant_id: string | null;
}

export interface DeviceCodeTable {
  device_code_hash: string;
  user_code: string;
  client_id: string;
  scope: string;
  expires_at: number;
  interval_seconds: number;
  last_polled_at: number | null;
  status: string;
  user_id: string | null;
  session_id: string | null;
  auth_time: number | null;
}

export interface InteractionTable {
  id: string;
  kind: string;
  client_id: string;
  parameters: string;
  csrf_token: string;
  expires_at: number;
}

export interface DeviceLockoutTable {
  tenant_id: string;
  username: string;
  device_id: string;
  failures: number;
  window_started_at: number | null;
  locked_at: number | null;
}

export interface UserLockoutTable {
  tenant_id: string;
  username: string;
  device_locks: number;
  window_started_at: number | null;
  locked_at: number | null;
}

export interface AuditEventTable {
  id: string;
  at: number;
  actor: string;
  tenant_id: string | null;
  subject: string | null;
  action: string;
  outcome: string;
  request_id: string | null;
  client_address: string | null;
  details: string;
}

export interface IssuanceCountTable {
  hour: number;
  tenant_id: string;
  grant_type: string;
  count: number;
}

export interface RevocationEventTable {
  seq: number;
  kind: string;
  tenant_id: string | null;
  subject: string | null;
  at: number;
}

export interface Database {
  service_state: ServiceStateTable;
  tenants: TenantTable;
  clients: ClientTable;
  scopes: ScopeTable;
  policy_versions: PolicyVersionTable;
  signing_keys: SigningKeyTable;
  access_tokens: AccessTokenTable;
  revoked_jwts: RevokedJwtTable;
  admin_keys: AdminKeyTable;
  users: UserTable;
  external_identities: ExternalIdentityTable;
  sessions: SessionTable;
  grants: GrantTable;
  refresh_tokens: RefreshTokenTable;
  authorization_codes: AuthorizationCodeTable;
  device_codes: DeviceCodeTable;
  interactions: InteractionTable;
  device_lockouts: DeviceLockoutTable;
  user_lockouts: UserLockoutTable;
  audit_events: AuditEventTable;
  issuance_counts: IssuanceCountTable;
  revocation_events: RevocationEventTable;
}
