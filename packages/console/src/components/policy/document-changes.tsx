import { ScrollRegion } from '../scroll-region.tsx';
import { pathValueInWords, useCatalog } from './catalog.ts';
import { diffDocuments } from './draft.ts';

/** What a document change does, path by path: "subjectClasses.admin.accessTokenTtl: 1 hour → 8 hours". */
export function DocumentChanges({
  before,
  after,
  caption,
}: {
  before: unknown;
  after: unknown;
  caption: string;
}) {
  const catalog = useCatalog();
  const settings = catalog.data?.settings;
  const changes = diffDocuments(before, after);
  if (changes.length === 0) return <p className="muted">No setting changes.</p>;
  return (
    <ScrollRegion label={caption}>
      <table className="data">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.path}>
              <th scope="row">
                <code>{change.path}</code>
              </th>
              <td>{pathValueInWords(settings, change.path, change.before)}</td>
              <td>{pathValueInWords(settings, change.path, change.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
