import type { ServiceStateRepository } from '../../ports/service-state-repository.ts';
import { PreconditionFailed } from '../errors.ts';
import { ownerName, type PolicyOwner } from './change.ts';
import type { PolicyDocument } from './document.ts';
import { documentTag } from './document-tag.ts';

/**
 * RFC 9110 §13.1.1: the refusal of a change based on an outdated document of a level, carrying what the level
 * holds now (its stored document, that document's tag and the level's latest version) so a client can compare.
 */
export async function stalePolicy(
  owner: PolicyOwner,
  stored: PolicyDocument,
  history: Pick<ServiceStateRepository, 'policyHistory'>,
): Promise<PreconditionFailed> {
  const [latest] = await history.policyHistory(owner, 1);
  return new PreconditionFailed(`the policy of ${ownerName(owner)} has changed since it was read`, {
    policy: stored,
    tag: documentTag(stored),
    version: latest?.version ?? null,
  });
}
