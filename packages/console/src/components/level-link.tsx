import { Link } from 'react-router';
import { describeSource, type LevelSource } from '../format/source.ts';

const PAGES: Record<string, string> = {
  tenant: '/tenants',
  client: '/clients',
  scope: '/scopes',
  user: '/users',
};

/** A level of the policy as a link to the page where it is set ("tenant acme" → its policy). */
export function LevelLink({ source }: { source: LevelSource | undefined }) {
  if (!source) return <span>unknown</span>;
  if (source.level === 'subjectClass' && source.owner) {
    return (
      <span>
        subject class {source.id} of <LevelLink source={source.owner} />
      </span>
    );
  }
  if (source.level === 'service' && source.id !== 'configuration')
    return <Link to="/policy">the service policy</Link>;
  const base = PAGES[source.level];
  if (base && source.id !== undefined) {
    return <Link to={`${base}/${encodeURIComponent(source.id)}/policy`}>{describeSource(source)}</Link>;
  }
  return <span>{describeSource(source)}</span>;
}
