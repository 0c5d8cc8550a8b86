import { useState } from 'react';
import { Field } from '../../components/field.tsx';
import { Page } from '../../components/layout.tsx';
import { Empty, Loaded } from '../../components/states.tsx';
import { KeyTable } from './key-table.tsx';
import { RotateKey } from './rotate-key.tsx';
import { type SigningKey, useSigningKeys } from './signing-keys.ts';

/** The algorithms that sign now or are about to: those a rotation can replace. */
const algorithmsOf = (keys: readonly SigningKey[]): string[] => [
  ...new Set(keys.filter((k) => k.status === 'active' || k.status === 'next').map((k) => k.algorithm)),
];

function KeyList({ keys }: { keys: readonly SigningKey[] }) {
  const algorithms = algorithmsOf(keys);
  const [chosen, setChosen] = useState('');
  const algorithm = algorithms.includes(chosen) ? chosen : (algorithms[0] ?? '');
  return (
    <>
      <section className="card key-rotate" aria-labelledby="rotate-heading">
        <h2 id="rotate-heading">Rotate</h2>
        <p className="muted">
          A graceful rotation breaks nothing: the new key is published before it signs, and the old one
          verifies until what it signed has expired. Revoking ends everything the old key signed at once: for
          a key that may have leaked.
        </p>
        {algorithms.length > 1 && (
          <Field label="Algorithm">
            {(props) => (
              <select {...props} value={algorithm} onChange={(e) => setChosen(e.target.value)}>
                {algorithms.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            )}
          </Field>
        )}
        <RotateKey keys={keys} algorithm={algorithm} />
      </section>
      {keys.length === 0 ? (
        <Empty>
          There is no signing key yet: the first one is made when the service first signs a token.
        </Empty>
      ) : (
        <KeyTable keys={keys} caption="Signing keys, oldest first" />
      )}
    </>
  );
}

/** The signing keys (service administrators only): their states, and rotation. */
export default function KeysPage() {
  const keys = useSigningKeys();
  return (
    <Page
      title="Signing keys"
      description="The keys that sign ID tokens and JWT access tokens, published in the key set for verifiers."
    >
      <Loaded query={keys}>{(data) => <KeyList keys={data.items} />}</Loaded>
    </Page>
  );
}
