import type { Interaction } from '../domain/sessions/interaction.ts';

/** Pending user interactions (a login form for an authorization request or a device code). */
export interface InteractionRepository {
  insert(interaction: Interaction): Promise<void>;
  get(id: string): Promise<Interaction | undefined>;
  delete(id: string): Promise<void>;
}
