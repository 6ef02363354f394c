import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, RESPONSE_CAP_BYTES } from './post';
import { isPrivateAddress, urlProblem } from './target';

let base = '';
const server = createServer((req, res) => {
  if (req.url === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
  if (req.url === '/big') return res.writeHead(200).end('x'.repeat(RESPONSE_CAP_BYTES * 10));
  if (req.url === '/slow') return; // never answers
  res.writeHead(200).end('ok');
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const post = (path: string, allowPrivate = true, timeoutMs = 2000) =>
  postWebhook({ url: base + path, headers: {}, body: '{}', timeoutMs, policy: { allowPrivate } });

describe('webhook targets', () => {
  it('knows private, loopback, link-local and reserved addresses from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('requires https and a public address unless private targets are allowed', () => {
    const strict = { allowPrivate: false };
    expect(urlProblem('http://hooks.example.com/x', strict)).toMatch(/https/);
    expect(urlProblem('https://127.0.0.1/x', strict)).toMatch(/private/);
    expect(urlProblem('https://[::1]/x', strict)).toMatch(/private/);
    expect(urlProblem('https://localhost/x', strict)).toMatch(/localhost/);
    expect(urlProblem('https://user:pw@hooks.example.com/x', strict)).toMatch(/password/);
    expect(urlProblem('https://hooks.example.com/x', strict)).toBeNull();
    expect(urlProblem('http://127.0.0.1:4000/x', { allowPrivate: true })).toBeNull();
  });

  it('checks the resolved address at delivery time: a name that points at loopback is refused', async () => {
    const res = await postWebhook({
      url: base.replace('127.0.0.1', 'localhost') + '/',
      headers: {},
      body: '{}',
      timeoutMs: 2000,
      policy: { allowPrivate: false },
    });
    expect(res.status).toBeNull();
    expect(res.error).toMatch(/private address/);
  });

  it('does not follow a redirect, caps the answer and gives up after the time-out', async () => {
    expect((await post('/redirect')).status).toBe(302);
    const big = await post('/big');
    expect(big.status).toBe(200);
    expect(big.body!.length).toBe(RESPONSE_CAP_BYTES);
    const slow = await post('/slow', true, 300);
    expect(slow.status).toBeNull();
    expect(slow.error).toMatch(/no answer within 300 ms/);
  });
});
