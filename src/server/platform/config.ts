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
  /** Where files live: the local folder (JOBJACKET_FILES_DIR) or an S3-compatible bucket (the S3_* settings). */
  JOBJACKET_FILES: z.enum(['local', 's3']).default('local'),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be an S3 bucket name (3-63 lower-case letters, digits, . and -)',
    )
    .optional(),
  /** Any S3-compatible endpoint (MinIO, Ceph, R2…); AWS S3 itself when absent. */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Bucket in the path (http://host/bucket/key), as MinIO and most self-hosted servers need. */
  S3_FORCE_PATH_STYLE: boolFlag.default(false),
  /** A read replica of DATABASE_URL that report runs and exports read from (optional). */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  JOBJACKET_ADMIN_EMAIL: z.email().optional(),
  JOBJACKET_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  JOBJACKET_PUBLIC_URL: z.url().optional(),
  JOBJACKET_WORKERS: z.enum(['inline', 'off']).default('inline'),
  /** On SIGTERM, how long /ready answers 503 before the listener closes (the load balancer's notice). */
  JOBJACKET_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(5),
  JOBJACKET_SECURE_COOKIES: boolFlag.optional(),
  JOBJACKET_TRUST_PROXY: boolFlag.default(false),
  /** Requests a minute each API token may make; 0 turns the limit off (for load tests on a private network). */
  /** Days a report file (an export or a scheduled delivery) is kept for download. */
  JOBJACKET_REPORT_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  JOBJACKET_TOKEN_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  JOBJACKET_METRICS_TOKEN: z.string().min(16).optional(),
  JOBJACKET_IMPORT_MAX_MB: z.coerce.number().int().min(1).max(4096).default(160),
  JOBJACKET_IMPORT_MAX_ROW_CHARS: z.coerce.number().int().min(1000).max(100_000_000).default(1_000_000),
  JOBJACKET_SIGNIN_MAX_FAILURES: z.coerce.number().int().min(3).max(100).default(5),
  JOBJACKET_SIGNIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  JOBJACKET_SIGNIN_IP_FAILURES: z.coerce.number().int().min(5).max(100_000).default(30),
  JOBJACKET_IMPORT_MAX_COLUMNS: z.coerce.number().int().min(10).max(16_384).default(500),
  JOBJACKET_IMPORT_MAX_INFLATED_MB: z.coerce.number().int().min(10).max(16_384).default(1024),
  JOBJACKET_UPLOAD_KEEP_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  JOBJACKET_REJECTS_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** The sales (income) account code invoice lines are coded to in a Xero export. */
  JOBJACKET_SALES_ACCOUNT_CODE: z.string().trim().min(1).max(20).default('200'),
  JOBJACKET_MAIL_MAX_MB: z.coerce.number().int().min(1).max(200).default(25),
  JOBJACKET_MAIL_MAX_PARTS: z.coerce.number().int().min(10).max(10_000).default(500),
  JOBJACKET_PROOF_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** Lets webhooks reach http:// and private or loopback addresses (development and tests only). */
  JOBJACKET_WEBHOOKS_ALLOW_PRIVATE: boolFlag.default(false),
  /** Seconds a webhook receiver has to answer. */
  JOBJACKET_WEBHOOKS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
  /** Seals stored secrets (webhook signing secrets), 32 bytes as base64 or hex; unset: kept in <data dir>/secret.key. */
  JOBJACKET_SECRET_KEY: z
    .string()
    .regex(
      /^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/,
      'must be 32 bytes as base64 or hex (openssl rand -base64 32)',
    )
    .optional(),
  JOBJACKET_TOKEN_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
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
  /** Built-in SMTP listener for inbound client mail; off unless a port is given (0 = any free port). */
  JOBJACKET_SMTP_LISTEN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  JOBJACKET_SMTP_LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
  /** IMAP mailbox polled for inbound client mail, e.g. imaps://user:pass@imap.example.com/INBOX; off unless set. */
  JOBJACKET_IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\//, 'must be an imap:// or imaps:// URL')
    .optional(),
  /** Shared secret of POST /api/v1/inbound/email; the endpoint answers 404 unless it is set. */
  JOBJACKET_INBOUND_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Domain of the reply+TOKEN@… addresses; defaults to the domain of MAIL_FROM. */
  JOBJACKET_REPLY_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'must be a domain name such as reply.example.com')
    .optional(),
  /** The shop's business hours for response targets: working days (1 = Monday) and hours. */
  JOBJACKET_BUSINESS_HOURS: z
    .string()
    .regex(/^[1-7](-[1-7])? \d\d:\d\d-\d\d:\d\d$/, 'must look like "1-5 08:00-17:00"')
    .default('1-5 08:00-17:00'),
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
  const missing = [
    c.JOBJACKET_FILES === 's3' && !c.S3_BUCKET && '  S3_BUCKET: required when JOBJACKET_FILES=s3',
    !c.S3_ACCESS_KEY_ID !== !c.S3_SECRET_ACCESS_KEY &&
      '  S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: give both, or neither (the AWS credential chain is used)',
    c.DATABASE_REPLICA_URL && !c.DATABASE_URL && '  DATABASE_REPLICA_URL: needs DATABASE_URL (PostgreSQL)',
  ].filter(Boolean);
  if (missing.length) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
  const publicUrl = c.JOBJACKET_PUBLIC_URL ?? `http://localhost:${c.PORT}`;
  return {
    ...c,
    publicUrl,
    secureCookies: c.JOBJACKET_SECURE_COOKIES ?? publicUrl.startsWith('https:'),
    filesDir: c.JOBJACKET_FILES_DIR ?? `${c.JOBJACKET_DATA_DIR}/files`,
  };
}
