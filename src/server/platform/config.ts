import { z } from 'zod';

const boolFlag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  JOBJACKET_DATA_DIR: z.string().min(1).default('./data'),
  JOBJACKET_DEMO: boolFlag.default(true),
  JOBJACKET_FILES_DIR: z.string().min(1).optional(),
  JOBJACKET_ADMIN_EMAIL: z.email().optional(),
  JOBJACKET_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  JOBJACKET_PUBLIC_URL: z.url().optional(),
  JOBJACKET_WORKERS: z.enum(['inline', 'off']).default('inline'),
  JOBJACKET_SECURE_COOKIES: boolFlag.optional(),
  JOBJACKET_TRUST_PROXY: boolFlag.default(false),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Jobjacket <jobjacket@localhost>'),
  JOBJACKET_SHOP_NAME: z.string().trim().min(1).max(120).default('Jobjacket Print & Mail'),
  JOBJACKET_TIMEZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as America/Chicago')
    .default(Intl.DateTimeFormat().resolvedOptions().timeZone),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema> & {
  publicUrl: string;
  secureCookies: boolean;
  filesDir: string;
};

/** Thrown when the environment holds a value Jobjacket cannot run with. */
export class ConfigError extends Error {}

/** Reads and validates the configuration from the environment; a wrong value stops start-up with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = ConfigSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const publicUrl = c.JOBJACKET_PUBLIC_URL ?? `http://localhost:${c.PORT}`;
  return {
    ...c,
    publicUrl,
    secureCookies: c.JOBJACKET_SECURE_COOKIES ?? publicUrl.startsWith('https:'),
    filesDir: c.JOBJACKET_FILES_DIR ?? `${c.JOBJACKET_DATA_DIR}/files`,
  };
}
