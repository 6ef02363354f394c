import type { Config } from '../../platform/config';
import { secretKey } from '../../platform/secret-box';
import type { TargetPolicy } from './target';

/** The pause after each failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h ×4, 24 h — 11 attempts over ~3 days. */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
  24 * 3600_000,
];

/** How deliveries behave: where they may go, how long a receiver has, and the retry schedule. */
export type WebhookSettings = TargetPolicy & {
  timeoutMs: number;
  retryDelaysMs: number[];
  /** Seals the endpoints' signing secrets at rest (AES-256-GCM). */
  secretKey: Buffer;
};

export function webhookSettings(config: Config): WebhookSettings {
  return {
    allowPrivate: config.JOBJACKET_WEBHOOKS_ALLOW_PRIVATE,
    timeoutMs: config.JOBJACKET_WEBHOOKS_TIMEOUT_SECONDS * 1000,
    retryDelaysMs: RETRY_DELAYS_MS,
    secretKey: secretKey({ configured: config.JOBJACKET_SECRET_KEY, dataDir: config.JOBJACKET_DATA_DIR }),
  };
}
