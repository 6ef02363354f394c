import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new endpoint secret: 32 random bytes, base64, with the Standard Webhooks `whsec_` prefix. */
export function newSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** The first characters of a secret, enough to tell two apart in a list (never enough to sign). */
export const secretHint = (secret: string) => `${secret.slice(0, PREFIX.length + 4)}…`;

/** One `v1,<base64 HMAC-SHA256>` signature of `id.timestamp.body` with one secret. */
function signOnce(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * The three Standard Webhooks headers of one request. During a rotation's overlap the request carries one
 * signature per secret, separated by a space, so a receiver holding either secret verifies it.
 */
export function signedHeaders(opts: {
  id: string;
  at: Date;
  body: string;
  secrets: string[];
}): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const timestamp = Math.floor(opts.at.getTime() / 1000);
  return {
    'webhook-id': opts.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': opts.secrets.map((s) => signOnce(s, opts.id, timestamp, opts.body)).join(' '),
  };
}
