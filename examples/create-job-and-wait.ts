/**
 * An integration in one file: signs in with an API token, subscribes a local receiver to `job.created`,
 * creates a job and waits for its webhook, verified with the standardwebhooks package.
 *
 *   JOBJACKET_URL=http://127.0.0.1:3000 JOBJACKET_TOKEN=… npx tsx examples/create-job-and-wait.ts
 *
 * The token must be an admin's (webhook endpoints are an admin's). A receiver on this machine is a loopback
 * address: the server must run with JOBJACKET_WEBHOOKS_ALLOW_PRIVATE=1 (development only).
 */
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { jobjacketClient } from '../clients/typescript';

const baseUrl = process.env.JOBJACKET_URL ?? 'http://127.0.0.1:3000';
const token = process.env.JOBJACKET_TOKEN;
if (!token) throw new Error('Set JOBJACKET_TOKEN to an admin API token');
const api = jobjacketClient({ baseUrl, token });

type Hook = { type: string; data: { jobId?: string; number?: string } };
const received: Hook[] = [];
let verify: (body: string, headers: Record<string, string>) => Hook = () => {
  throw new Error('not subscribed yet');
};
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    try {
      received.push(verify(body, req.headers as Record<string, string>));
      res.writeHead(204).end();
    } catch (e) {
      console.error(`refused a request: ${(e as Error).message}`);
      res.writeHead(400).end();
    }
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const { port } = receiver.address() as { port: number };

const fail = (what: string, error: unknown) => {
  console.error(`${what}: ${JSON.stringify(error)}`);
  process.exit(1);
};

const endpoint = await api.POST('/api/v1/webhook-endpoints', {
  body: { url: `http://127.0.0.1:${port}/hooks`, eventTypes: ['job.created'], description: 'example script' },
});
if (!endpoint.data) fail('subscribing failed', endpoint.error);
const wh = new Webhook(endpoint.data!.secret!);
verify = (body, headers) => wh.verify(body, headers) as Hook;

try {
  const account = await api.POST('/api/v1/accounts', {
    body: { name: `Example client ${Date.now()}`, segment: 'corporate' },
  });
  if (!account.data) fail('creating the account failed', account.error);
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const job = await api.POST('/api/v1/jobs', {
    body: {
      accountId: account.data!.id,
      title: 'Postcards from the example script',
      dueDate: due,
      items: [{ productType: 'postcard', quantity: 2500 }],
    },
  });
  if (!job.data) fail('creating the job failed', job.error);
  console.log(`created job ${job.data!.number}; waiting for its webhook…`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const hook = received.find((h) => h.type === 'job.created' && h.data.jobId === job.data!.id);
    if (hook) {
      console.log(`webhook job.created received and verified for ${hook.data.number}`);
      break;
    }
    if (Date.now() > deadline) fail('no webhook within a minute', { received: received.length });
    await new Promise((r) => setTimeout(r, 100));
  }
} finally {
  await api.DELETE('/api/v1/webhook-endpoints/{id}', { params: { path: { id: endpoint.data!.id } } });
  receiver.close();
}
