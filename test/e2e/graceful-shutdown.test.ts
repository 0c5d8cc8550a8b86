import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, type ServerProcess, startServer } from '../support/server-process.ts';

/** Collects what a raw socket receives until `done` says the answer is complete. */
function reader(socket: Socket) {
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  return {
    async until(done: (text: string) => boolean): Promise<string> {
      while (!done(received)) {
        if (socket.destroyed) throw new Error(`socket closed after: ${received}`);
        await Promise.race([once(socket, 'data'), once(socket, 'close')]);
      }
      const text = received;
      received = '';
      return text;
    },
  };
}

const complete = (text: string): boolean => {
  const end = text.indexOf('\r\n\r\n');
  const length = /content-length: (\d+)/i.exec(text)?.[1];
  return end >= 0 && length !== undefined && text.length >= end + 4 + Number(length);
};

describe('graceful shutdown on SIGTERM', () => {
  let server: ServerProcess;
  let output = '';
  let credentials = '';

  beforeAll(async () => {
    server = await startServer({ ACCESS_TOKEN_FORMAT: 'opaque', LOG_LEVEL: 'info' });
    server.process.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    await adminCall(server, 'POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' });
    const client = await adminCall(server, 'POST', '/admin/v1/clients', {
      id: 'worker',
      tenantId: 'acme',
      name: 'Worker',
      scopes: ['jobs'],
    });
    credentials = Buffer.from(`worker:${String(client.body.clientSecret)}`).toString('base64');
  });
  afterAll(() => server.stop());

  it('finishes a request in flight, refuses new connections, closes the kept-alive connection and exits 0', async () => {
    const { port } = new URL(server.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    const received = reader(socket);
    // a first answer on this keep-alive connection proves the server has accepted it
    socket.write(`GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`);
    const health = await received.until(complete);
    console.log('HEALTH', JSON.stringify(health));
    expect(health).toMatch(/^HTTP\/1\.1 200 OK\r\n/);

    const body = 'grant_type=client_credentials&scope=jobs';
    socket.write(
      'POST /oauth2/token HTTP/1.1\r\nhost: 127.0.0.1\r\n' +
        `authorization: Basic ${credentials}\r\ncontent-type: application/x-www-form-urlencoded\r\n` +
        `content-length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    // the request is in flight (its body half sent) when the signal comes
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = once(server.process, 'exit');
    server.process.kill('SIGTERM');
    while (!output.includes('stopping: finishing in-flight requests')) {
      await once(server.process.stdout ?? server.process, 'data');
    }
    // no new connection is accepted any more
    const refused = await fetch(`${server.baseUrl}/healthz`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(refused).toBe('refused');

    console.log('STOPPING SEEN', refused);
    socket.write(body.slice(10));
    setTimeout(
      () =>
        console.log(
          'OUTPUT',
          output.slice(-1500),
          'EXIT',
          server.process.exitCode,
          'DESTROYED',
          socket.destroyed,
        ),
      5000,
    );
    const answer = await received.until(complete);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toMatch(/\r\ncache-control: no-store\r\n/i);
    const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(json).toEqual({
      access_token: expect.stringMatching(/^[0-9a-z]{23}[\w-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'jobs',
    });
    // the connection was kept alive; the server closes it once its request is answered, then exits
    if (!socket.destroyed) await once(socket, 'close');
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
