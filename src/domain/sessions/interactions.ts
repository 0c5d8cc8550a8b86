import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { InteractionRepository } from '../../ports/interaction-repository.ts';
import type { Clock } from '../clock.ts';
import { randomSecret } from '../tokens/secrets.ts';
import type { Interaction } from './interaction.ts';

/** How long a login form stays usable. */
const INTERACTION_SECONDS = 600;

/**
 * Pending login forms. Each carries a random CSRF token that the form must echo, and its id travels in a
 * cookie as well as in the form, so a page on another site cannot submit it for the user.
 */
export class Interactions {
  constructor(
    private readonly clock: Clock,
    private readonly interactions: InteractionRepository,
  ) {}

  async open(
    kind: Interaction['kind'],
    clientId: string,
    parameters: Record<string, string>,
  ): Promise<Interaction> {
    const interaction: Interaction = {
      id: randomUUID(),
      kind,
      clientId,
      parameters,
      csrfToken: randomSecret(),
      expiresAt: this.clock.now() + INTERACTION_SECONDS * 1000,
    };
    await this.interactions.insert(interaction);
    return interaction;
  }

  /** The interaction when the cookie, the form and the CSRF token agree and it has not expired. */
  async verify(
    kind: Interaction['kind'],
    fromCookie: string | undefined,
    fromForm: string | undefined,
    csrf: string | undefined,
  ): Promise<Interaction | undefined> {
    if (!fromCookie || fromCookie !== fromForm || !csrf) return undefined;
    const interaction = await this.interactions.get(fromCookie);
    if (!interaction || interaction.kind !== kind || this.clock.now() >= interaction.expiresAt)
      return undefined;
    const expected = Buffer.from(interaction.csrfToken);
    const presented = Buffer.from(csrf);
    return expected.length === presented.length && timingSafeEqual(expected, presented)
      ? interaction
      : undefined;
  }

  /** Replaces the interaction's parameters (the device flow learns the user code after the first form). */
  async update(interaction: Interaction, parameters: Record<string, string>): Promise<Interaction> {
    const updated = { ...interaction, parameters };
    await this.interactions.delete(interaction.id);
    await this.interactions.insert(updated);
    return updated;
  }

  close(id: string): Promise<void> {
    return this.interactions.delete(id);
  }
}
