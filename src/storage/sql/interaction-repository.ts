import type { Kysely } from 'kysely';
import type { Interaction } from '../../domain/sessions/interaction.ts';
import type { InteractionRepository } from '../../ports/interaction-repository.ts';
import type { Database } from './schema.ts';

export class SqlInteractionRepository implements InteractionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(interaction: Interaction): Promise<void> {
    await this.db
      .insertInto('interactions')
      .values({
        id: interaction.id,
        kind: interaction.kind,
        client_id: interaction.clientId,
        parameters: JSON.stringify(interaction.parameters),
        csrf_token: interaction.csrfToken,
        expires_at: interaction.expiresAt,
      })
      .execute();
  }

  async get(id: string): Promise<Interaction | undefined> {
    const row = await this.db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
    return (
      row && {
        id: row.id,
        kind: row.kind as Interaction['kind'],
        clientId: row.client_id,
        parameters: JSON.parse(row.parameters),
        csrfToken: row.csrf_token,
        expiresAt: Number(row.expires_at),
      }
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('interactions').where('id', '=', id).execute();
  }
}
