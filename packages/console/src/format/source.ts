/** A level as the server names it in explanations: `{ level: 'tenant', id: 'acme' }`. */
export interface LevelSource {
  level: string;
  id?: string;
  owner?: LevelSource;
  [key: string]: unknown;
}

const isSource = (value: unknown): value is LevelSource =>
  typeof value === 'object' && value !== null && typeof (value as { level?: unknown }).level === 'string';

/** "tenant acme", "subject class admin of client billing", "the service configuration", "the built-in default". */
export function describeSource(source: unknown): string {
  if (!isSource(source)) return 'unknown';
  switch (source.level) {
    case 'default':
      return 'the built-in default';
    case 'service':
      return source.id === 'configuration'
        ? 'the service configuration (environment, config file)'
        : 'the service policy';
    case 'subjectClass':
      return `subject class ${source.id ?? ''} of ${describeSource(source.owner)}`;
    case 'request':
      return 'the request (expires_in)';
    default:
      return `${source.level} ${source.id ?? ''}`.trim();
  }
}
