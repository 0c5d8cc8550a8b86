import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { answered, api } from '../../api/client.ts';
import { ApiError } from '../../api/problem.ts';
import { Page } from '../../components/layout.tsx';
import { contextFieldErrors } from '../../components/policy-context/context-errors.ts';
import {
  contextQuery,
  type PolicyContext,
  withContext,
} from '../../components/policy-context/context-params.ts';
import { PolicyContextFields } from '../../components/policy-context/policy-context-fields.tsx';
import { usePolicyContext } from '../../components/policy-context/use-policy-context.ts';
import { ErrorNotice, Loading } from '../../components/states.tsx';
import { type ScenarioDraft, scenarioBody, scenarioFromSearch, withScenario } from './scenario.ts';
import { ScenarioFields } from './scenario-fields.tsx';
import { TimelineResult } from './timeline-result.tsx';
import './timeline-page.css';

type ScenarioErrors = Partial<Record<keyof ScenarioDraft, string>>;

function scenarioErrors(error: unknown): ScenarioErrors {
  if (!(error instanceof ApiError)) return {};
  const messages = error.fieldMessages();
  const fields = ['loginFlow', 'refreshEvery', 'activeFor', 'horizon', 'requestedAccessTokenTtl'] as const;
  return Object.fromEntries(
    fields.flatMap((field) => {
      const message = messages[`scenario.${field}`];
      return message === undefined ? [] : [[field, message]];
    }),
  );
}

/** The context and the scenario: drafts until submitted, then the page's address (a link reproduces both). */
function TimelineForm({
  context,
  scenario,
  serviceWide,
  error,
  onApply,
}: {
  context: PolicyContext;
  scenario: ScenarioDraft;
  serviceWide: boolean;
  error: unknown;
  onApply: (context: PolicyContext, scenario: ScenarioDraft) => void;
}) {
  const [contextDraft, setContextDraft] = useState(context);
  const [scenarioDraft, setScenarioDraft] = useState(scenario);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(contextDraft, scenarioDraft);
  };
  return (
    <form onSubmit={submit} className="timeline-form" aria-label="Login to simulate">
      <PolicyContextFields
        value={contextDraft}
        onChange={setContextDraft}
        serviceWide={serviceWide}
        errors={contextFieldErrors(error, 'context.')}
        noServiceClass
      />
      <ScenarioFields value={scenarioDraft} onChange={setScenarioDraft} errors={scenarioErrors(error)} />
      <button type="submit" className="button button-primary">
        Simulate
      </button>
    </form>
  );
}

/**
 * One login on a time axis: what it produces (code, session, access, ID and refresh tokens, the refresh family,
 * the account), when each piece ends and which setting of which level ends it, and when the login itself ends.
 */
export default function TimelinePage() {
  const { context, serviceWide, ready, search, setSearch } = usePolicyContext();
  const scenario = scenarioFromSearch(search);
  const body = { context: contextQuery(context), scenario: scenarioBody(scenario) };
  const simulation = useQuery({
    queryKey: ['policy-simulate', body],
    enabled: ready,
    queryFn: () => answered(api.POST('/admin/v1/policy/simulate', { body })),
  });
  const contextSearch = withContext(new URLSearchParams(), context).toString();
  return (
    <Page
      title="Lifetime timeline"
      description="What one login produces, when each piece ends and why, and when the user must sign in again."
    >
      <TimelineForm
        key={search.toString()}
        context={context}
        scenario={scenario}
        serviceWide={serviceWide}
        error={simulation.error}
        onApply={(nextContext, nextScenario) =>
          setSearch((current) => withScenario(withContext(current, nextContext), nextScenario))
        }
      />
      {!ready || simulation.isPending ? (
        <Loading label="Simulating…" />
      ) : simulation.isError ? (
        <ErrorNotice error={simulation.error} title="This login cannot be simulated" />
      ) : (
        <TimelineResult simulation={simulation.data} contextSearch={contextSearch} />
      )}
    </Page>
  );
}
