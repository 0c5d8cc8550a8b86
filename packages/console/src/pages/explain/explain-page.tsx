import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { answered, api } from '../../api/client.ts';
import { Page } from '../../components/layout.tsx';
import { contextFieldErrors } from '../../components/policy-context/context-errors.ts';
import { contextQuery, type PolicyContext } from '../../components/policy-context/context-params.ts';
import { PolicyContextFields } from '../../components/policy-context/policy-context-fields.tsx';
import { usePolicyContext } from '../../components/policy-context/use-policy-context.ts';
import { ErrorNotice, Loading } from '../../components/states.tsx';
import { ExplainResult } from './explain-result.tsx';
import './explain-page.css';

/** The context's form: a draft until submitted, then the page's address (so the link reproduces it). */
function ExplainForm({
  context,
  serviceWide,
  errors,
  onApply,
}: {
  context: PolicyContext;
  serviceWide: boolean;
  errors: Partial<Record<keyof PolicyContext, string>>;
  onApply: (next: PolicyContext) => void;
}) {
  const [draft, setDraft] = useState(context);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form onSubmit={submit} className="explain-form" aria-label="Context to explain">
      <PolicyContextFields value={draft} onChange={setDraft} serviceWide={serviceWide} errors={errors} />
      <button type="submit" className="button button-primary">
        Explain
      </button>
    </form>
  );
}

/**
 * "Why does this token live 300 s?": every effective setting for a tenant, client, subject class, scopes and
 * user, with the level that set it, the ceiling that clamped it, and every level that had a say.
 */
export default function ExplainPage() {
  const { context, serviceWide, ready, apply, search } = usePolicyContext();
  const query = contextQuery(context);
  const effective = useQuery({
    queryKey: ['policy-effective', query],
    enabled: ready,
    queryFn: () => answered(api.GET('/admin/v1/policy/effective', { params: { query } })),
  });
  return (
    <Page
      title="Explain"
      description="Why a token lives as long as it does: each setting's value, the level that set it, and the ceilings that bind it."
    >
      <ExplainForm
        key={search.toString()}
        context={context}
        serviceWide={serviceWide}
        errors={contextFieldErrors(effective.error, '')}
        onApply={apply}
      />
      {!ready || effective.isPending ? (
        <Loading label="Explaining…" />
      ) : effective.isError ? (
        <ErrorNotice error={effective.error} title="This context cannot be explained" />
      ) : (
        <ExplainResult policy={effective.data} search={search.toString()} />
      )}
    </Page>
  );
}
