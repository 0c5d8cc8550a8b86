import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useMe } from '../../api/me.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Page } from '../../components/layout.tsx';
import { useClientOptions, useTenantOptions } from '../../components/policy-context/context-lists.ts';
import { ErrorNotice, Loaded, Loading } from '../../components/states.tsx';
import { instantText } from '../../format/instant.ts';
import { confirmationOf, type ExpiryTarget, expire, targetInWords } from './expire-tokens.ts';
import { ExpiryImpact, useExpiryImpact } from './expiry-impact.tsx';
import { ExpiryTargetForm, type Level } from './expiry-target-form.tsx';
import './danger-page.css';

interface Choice {
  level: Level;
  tenantId: string;
  clientId: string;
}

/** The choice as a target, named as the lists name it. */
function useTarget(choice: Choice): ExpiryTarget {
  const tenants = useTenantOptions();
  const clients = useClientOptions('');
  if (choice.level === 'service') return { level: 'service' };
  if (choice.level === 'tenant') {
    const name = tenants.data?.find((t) => t.id === choice.tenantId)?.name ?? '';
    return { level: 'tenant', id: choice.tenantId, name };
  }
  const name = clients.data?.find((c) => c.id === choice.clientId)?.name ?? '';
  return { level: 'client', id: choice.clientId, name };
}

function ExpireTokens({ serviceWide }: { serviceWide: boolean }) {
  const [choice, setChoice] = useState<Choice>({
    level: serviceWide ? 'service' : 'tenant',
    tenantId: '',
    clientId: '',
  });
  const target = useTarget(choice);
  // each request to expire counts afresh: what lives under a level changes by the second
  const [asked, setAsked] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const impact = useExpiryImpact(target, asked);
  const queries = useQueryClient();
  const expiry = useMutation({
    mutationFn: (chosen: ExpiryTarget) => expire(chosen).then((notBefore) => ({ chosen, notBefore })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['overview'] }),
  });
  const ask = () => {
    expiry.reset();
    setAsked((n) => n + 1);
    setConfirming(true);
  };
  const close = () => {
    setConfirming(false);
    setAsked(0);
  };
  return (
    <>
      <ExpiryTargetForm
        choice={choice}
        serviceWide={serviceWide}
        onChange={(next) => {
          setChoice(next);
          close();
        }}
        onSubmit={ask}
      />
      {confirming && impact.isPending && <Loading label="Counting what lives under it…" />}
      {confirming && impact.isError && (
        <ErrorNotice error={impact.error} title="What it would end could not be counted" />
      )}
      {expiry.isSuccess && (
        <p className="notice notice-success" role="status">
          Every token of {targetInWords(expiry.data.chosen)} issued before{' '}
          {instantText(expiry.data.notBefore)} has ended.
        </p>
      )}
      {expiry.isError && <ErrorNotice error={expiry.error} title="The tokens were not expired" />}
      <ConfirmDialog
        title={`Expire every token of ${targetInWords(target)}?`}
        open={confirming && impact.isSuccess}
        danger
        busy={expiry.isPending}
        confirmLabel="Expire tokens"
        typeToConfirm={confirmationOf(target)}
        onCancel={close}
        onConfirm={() => {
          close();
          expiry.mutate(target);
        }}
      >
        <ExpiryImpact target={target} impact={impact} />
      </ConfirmDialog>
    </>
  );
}

/** Actions that cannot be undone, each asking first and saying what it ends. */
export default function DangerPage() {
  const me = useMe();
  return (
    <Page title="Danger zone" description="Actions that end what users and clients hold. None can be undone.">
      <Loaded query={me}>{(data) => <ExpireTokens serviceWide={data.administers === null} />}</Loaded>
    </Page>
  );
}
