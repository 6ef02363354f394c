import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** How a sealed value starts: the scheme and its version, so a later scheme can sit beside this one. */
const SEALED = 'enc:v1:';
const KEY_FILE = 'secret.key';

/** A 32-byte key written as base64 (44 characters) or hex (64): what JOBJACKET_SECRET_KEY may hold. */
export function parseSecretKey(text: string): Buffer | null {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  return key.length === 32 ? key : null;
}

const cache = new Map<string, Buffer>();

/**
 * The key that seals stored secrets (webhook signing secrets): JOBJACKET_SECRET_KEY when set, else the one kept
 * in `<data dir>/secret.key` — made on first start (random, mode 0600) so the embedded start needs no setting.
 * Two processes starting at once agree: the file is created exclusively and the loser reads the winner's.
 */
export function secretKey(opts: { configured?: string; dataDir: string }): Buffer {
  if (opts.configured) {
    const key = parseSecretKey(opts.configured);
    if (!key) throw new Error('JOBJACKET_SECRET_KEY must be 32 bytes, as base64 or hex');
    return key;
  }
  const file = path.resolve(opts.dataDir, KEY_FILE);
  const known = cache.get(file);
  if (known) return known;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = parseSecretKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a 32-byte base64 key`);
  cache.set(file, key);
  return key;
}

/** Whether a stored value is sealed (a value from before sealing is plain text until the start-up pass seals it). */
export const isSealed = (stored: string) => stored.startsWith(SEALED);

/** AES-256-GCM with a random 96-bit nonce: `enc:v1:` + base64(nonce ‖ tag ‖ ciphertext). */
export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return SEALED + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Opens a sealed value (a wrong key or a changed byte throws); a plain value from before sealing is returned as is. */
export function unseal(key: Buffer, stored: string): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(SEALED.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
