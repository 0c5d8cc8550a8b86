import { Command } from 'commander';
import { registerAdmin } from './commands/admin.ts';
import { registerAdminKey } from './commands/admin-key.ts';
import { registerClient } from './commands/client.ts';
import { registerKeys } from './commands/keys.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerPolicy } from './commands/policy.ts';
import { registerScope } from './commands/scope.ts';
import { registerServe } from './commands/serve.ts';
import { registerTenant } from './commands/tenant.ts';
import { registerUser } from './commands/user.ts';
import { reportFailure } from './failures.ts';

const program = new Command('lifespan')
  .description('Lifespan: an OAuth 2.1 / OpenID Connect server built around token lifetimes')
  .addHelpText(
    'after',
    '\nEvery command but serve works on the store DATABASE_URL names (default sqlite:./data/lifespan.db).',
  );

registerServe(program);
registerMigrate(program);
registerAdminKey(program);
registerAdmin(program);
registerTenant(program);
registerClient(program);
registerUser(program);
registerScope(program);
registerPolicy(program);
registerKeys(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  reportFailure(error);
}
