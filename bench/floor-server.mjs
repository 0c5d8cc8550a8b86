// The floor: a bare node:http server answering every request with a fixed token-shaped JSON body.
import { createServer } from 'node:http';

const body = JSON.stringify({
  access_token: 'Qm9vdHN0cmFwLXRva2VuLWZvci10aGUtYmVuY2gtZmxvb3I',
  token_type: 'Bearer',
  expires_in: 3600,
  scope: 'read',
});
const headers = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': Buffer.byteLength(body),
  'cache-control': 'no-store',
};

createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, headers);
    response.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
