import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { parseDurationSeconds } from '../domain/duration.ts';
import { type PolicyDocument, parsePolicyDocument, parseSettingValue } from '../domain/policy/document.ts';
import { SETTING_NAMES, SETTINGS } from '../domain/policy/settings.ts';
import { ServerSettingsSchema } from './schema.ts';

/** Everything the server is configured with, loaded once at start and frozen. */
export interface LifespanConfig {
  port: number;
  host: string;
  issuer: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  adminKey: string | undefined;
  keyEncryptionKey: string | undefined;
  /** Seconds; undefined: no automatic rotation. */
  keyRotationIntervalSeconds: number | undefined;
  logLevel: string;
  changePollIntervalSeconds: number;
  tokenSweepIntervalSeconds: number;
  devicePollIntervalSeconds: number;
  /** Origins of browser apps allowed cross-origin calls (Fetch standard CORS); empty: none. */
  corsOrigins: readonly string[];
  /** The built console's directory; undefined: the console is not served (its pages say how to build it). */
  consoleAssets: string | undefined;
  /** The service level of the lifetime policy: the config file's `policy`, then the environment variables. */
  servicePolicy: PolicyDocument;
}

/** A configuration value that stops the server from starting; the message is one line naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Environment = Readonly<Record<string, string | undefined>>;

const CONFIG_FILE_VARIABLE = 'LIFESPAN_CONFIG';

/** Reads the configuration from the environment and the optional JSON file named by LIFESPAN_CONFIG. */
export function loadConfig(
  env: Environment,
  readFile = (path: string) => readFileSync(path, 'utf8'),
): LifespanConfig {
  const file = readConfigFile(env[CONFIG_FILE_VARIABLE], readFile);
  const configured = (name: string): unknown => env[name] ?? file[name];

  const raw = Object.fromEntries(
    Object.keys(ServerSettingsSchema.properties)
      .map((name) => [name, configured(name)] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const settings = Value.Default(
    ServerSettingsSchema,
    Value.Convert(ServerSettingsSchema, structuredClone(raw)),
  );
  const [error] = Value.Errors(ServerSettingsSchema, settings);
  if (error) {
    const name = error.instancePath.slice(1);
    const schema = ServerSettingsSchema.properties[
      name as keyof typeof ServerSettingsSchema.properties
    ] as object;
    const description = 'description' in schema ? String(schema.description) : undefined;
    throw new ConfigError(
      `${name}: ${JSON.stringify(raw[name])} is not valid: ${error.message}${description ? ` (${description})` : ''}`,
    );
  }
  if (!Value.Check(ServerSettingsSchema, settings)) throw new ConfigError('the configuration is not valid');

  const issuer = settings.ISSUER ?? `http://localhost:${settings.PORT}`;
  checkIssuer(issuer);
  return Object.freeze({
    port: settings.PORT,
    host: settings.HOST,
    issuer,
    databaseUrl: settings.DATABASE_URL,
    redisUrl: settings.REDIS_URL,
    redisKeyPrefix: settings.REDIS_KEY_PREFIX,
    adminKey: settings.LIFESPAN_ADMIN_KEY,
    keyEncryptionKey: settings.LIFESPAN_KEY_ENCRYPTION_KEY,
    keyRotationIntervalSeconds: rotationInterval(settings.KEY_ROTATION_INTERVAL),
    logLevel: settings.LOG_LEVEL,
    changePollIntervalSeconds: settings.CHANGE_POLL_INTERVAL,
    tokenSweepIntervalSeconds: settings.TOKEN_SWEEP_INTERVAL,
    devicePollIntervalSeconds: settings.DEVICE_POLL_INTERVAL,
    consoleAssets: settings.LIFESPAN_CONSOLE_ASSETS,
    corsOrigins: corsOrigins(settings.CORS_ORIGINS),
    servicePolicy: servicePolicy(file.policy, env, file),
  });
}

function readConfigFile(
  path: string | undefined,
  readFile: (path: string) => string,
): Record<string, unknown> {
  if (path === undefined || path === '') return {};
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new ConfigError(`${CONFIG_FILE_VARIABLE}: cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${CONFIG_FILE_VARIABLE}: ${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${CONFIG_FILE_VARIABLE}: ${path} must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** The file's policy document, with each policy environment variable (or file key of that name) on top. */
function servicePolicy(filePolicy: unknown, env: Environment, file: Record<string, unknown>): PolicyDocument {
  let document: PolicyDocument = {};
  if (filePolicy !== undefined) {
    try {
      document = parsePolicyDocument(filePolicy, 'service');
    } catch (error) {
      const detail = 'problems' in (error as object) ? describeProblems(error) : (error as Error).message;
      throw new ConfigError(`${CONFIG_FILE_VARIABLE}: policy is not valid: ${detail}`);
    }
  }
  const values: Record<string, unknown> = { ...document };
  for (const name of SETTING_NAMES) {
    const variable = SETTINGS[name].env;
    if (variable === undefined) continue;
    const raw = env[variable] ?? file[variable];
    if (raw === undefined || raw === '') continue;
    try {
      values[name] = parseSettingValue(name, typeof raw === 'string' ? raw.trim() : raw, true);
    } catch (error) {
      throw new ConfigError(`${variable}: ${JSON.stringify(raw)} is not valid: ${(error as Error).message}`);
    }
  }
  return values as PolicyDocument;
}

function describeProblems(error: unknown): string {
  const { problems } = error as { problems: { field: string; message: string }[] };
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}

function rotationInterval(value: string | undefined): number | undefined {
  if (value === undefined || value === 'never' || value === 'none') return undefined;
  try {
    const seconds = parseDurationSeconds(value);
    if (seconds >= 3600) return seconds;
  } catch {
    // reported below
  }
  throw new ConfigError(
    `KEY_ROTATION_INTERVAL: ${JSON.stringify(value)} is not valid: expected a duration of at least 1h, or never`,
  );
}

/** Exact origins, as a browser sends them in `Origin` (RFC 6454 §6.2): no path, no trailing slash. */
function corsOrigins(value: string | undefined): readonly string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((text) => {
    const origin = text.trim();
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== origin) {
      throw new ConfigError(
        `CORS_ORIGINS: ${JSON.stringify(origin)} is not valid: expected an origin such as https://app.example.com (scheme, host and port only)`,
      );
    }
    return origin;
  });
}

function checkIssuer(issuer: string): void {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ConfigError(`ISSUER: ${JSON.stringify(issuer)} is not valid: expected an http or https URL`);
  }
  // OpenID Connect Discovery §3: an https URL with no query or fragment (http is accepted for local use)
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '') {
    throw new ConfigError(
      `ISSUER: ${JSON.stringify(issuer)} is not valid: expected an http(s) URL without query or fragment`,
    );
  }
}
