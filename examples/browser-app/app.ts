import { LifespanClient, type Session, webStorage } from '../../packages/client/src/index.ts';

// settings from the address, so one page serves any Lifespan: ?issuer=…&client_id=…&refresh_skew=…
const parameters = new URLSearchParams(location.search);
const issuer = parameters.get('issuer') ?? 'http://127.0.0.1:8080';
const client = new LifespanClient({
  issuer,
  clientId: parameters.get('client_id') ?? 'app',
  // localStorage: every tab of this origin shares the login, and one of them refreshes for all
  storage: webStorage(localStorage),
  refreshSkew: Number(parameters.get('refresh_skew') ?? '60'),
  autoRefresh: parameters.get('auto_refresh') !== 'off',
});

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = element<HTMLParagraphElement>('status');
const answer = element<HTMLParagraphElement>('answer');

function log(text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  element<HTMLOListElement>('events').append(item);
}

function show(session: Session | undefined): void {
  element('signed-in').hidden = session === undefined;
  element('signed-out').hidden = session !== undefined;
  status.textContent = session ? `Signed in as ${session.subject ?? 'someone'}` : 'Signed out';
  element('expiry').textContent = session
    ? `The access token ends at ${new Date(session.expiresAt).toLocaleTimeString()}.`
    : '';
}

client.on('tokenRefreshed', ({ session }) => {
  log('tokenRefreshed');
  show(session);
});
client.on('refreshFailed', ({ error }) => log(`refreshFailed: ${error.code}`));
client.on('sessionEnded', ({ reason }) => {
  log(`sessionEnded: ${reason}`);
  show(undefined);
});
client.on('userChanged', ({ subject }) => log(`userChanged: ${subject ?? 'nobody'}`));

element<HTMLFormElement>('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  try {
    const session = await client.login({
      username: String(form.get('username')),
      password: String(form.get('password')),
      deviceId: 'example-browser',
    });
    show(session);
  } catch (error) {
    status.textContent = `Sign-in refused: ${error instanceof Error ? error.message : String(error)}`;
  }
});

element('ask').addEventListener('click', async () => {
  // getAccessToken renews a token that nears its end first, once for every tab asking at this moment
  const token = await client.getAccessToken();
  if (token === undefined) {
    answer.textContent = 'No token: sign in again.';
    return;
  }
  try {
    const me = await client.me();
    answer.textContent = `The server says: you are ${me.username ?? me.sub}, with a token that ends in ${me.expiresIn} s.`;
  } catch (error) {
    answer.textContent = `The server refused: ${error instanceof Error ? error.message : String(error)}`;
  }
});

element('logout').addEventListener('click', async () => {
  await client.logout();
});

void client.session().then(show);
