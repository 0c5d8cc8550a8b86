import { instantText } from '../../format/instant.ts';
import { keyRole, keyState, type SigningKey } from './signing-keys.ts';
import './keys-page.css';
import { ScrollRegion } from '../../components/scroll-region.tsx';

/** Every signing key: its state, algorithm, what it signs, and the instants that bound it. */
export function KeyTable({ keys, caption }: { keys: readonly SigningKey[]; caption: string }) {
  return (
    <ScrollRegion label={caption}>
      <table className="data key-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">State</th>
            <th scope="col">Algorithm</th>
            <th scope="col">What it does</th>
            <th scope="col">Signs from</th>
            <th scope="col">Signs until</th>
            <th scope="col">Published until</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const state = keyState(key);
            return (
              <tr key={key.kid}>
                <th scope="row">
                  <code className="key-id">{key.kid}</code>
                </th>
                <td>
                  <span className={`badge ${state.badge}`}>{state.label}</span>
                </td>
                <td>{key.algorithm}</td>
                <td className="key-role">{keyRole(key)}</td>
                <td>{instantText(key.activatesAt)}</td>
                <td>{key.revokedAt !== null ? instantText(key.revokedAt) : instantText(key.retiredAt)}</td>
                <td>
                  {key.status === 'revoked' || key.status === 'expired'
                    ? 'no longer published'
                    : key.publishedUntil === null
                      ? key.retiredAt === null
                        ? 'while it signs'
                        : 'indefinitely (some tokens it signed never expire)'
                      : instantText(key.publishedUntil)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
