import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ResponseTargets, Signature } from '../../../shared/inbox';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { DEFAULT_TARGETS } from './targets';
import { inboxSignatures, responseTargets } from './tables';

/** A user's e-mail signature (empty when they set none). */
export async function getSignature(opts: { db: Db; userId: string }) {
  const [row] = await opts.db.select().from(inboxSignatures).where(eq(inboxSignatures.userId, opts.userId));
  return { text: row?.text ?? '' };
}

/** Changes the actor's own e-mail signature. */
export async function saveSignature(opts: ServiceContext & { input: z.output<typeof Signature> }) {
  const { db, actor, input } = opts;
  await db
    .insert(inboxSignatures)
    .values({ userId: actor.id!, text: input.text })
    .onConflictDoUpdate({
      target: inboxSignatures.userId,
      set: { text: input.text, updatedAt: opts.clock.now() },
    });
  await recordAudit(db, actor, {
    action: 'signature.updated',
    entityType: 'user',
    entityId: actor.id,
    summary: 'E-mail signature changed',
  });
  return input;
}

/** The response targets the shop set, with the built-in ones for priorities it left without a default. */
export async function getResponseTargets(opts: { db: Db }): Promise<z.output<typeof ResponseTargets>> {
  const rows = await opts.db.select().from(responseTargets);
  const items = rows.map((r) => ({
    priority: r.priority,
    segment: r.segment,
    firstResponseMinutes: r.firstResponseMinutes,
    resolutionMinutes: r.resolutionMinutes,
  }));
  for (const [priority, t] of Object.entries(DEFAULT_TARGETS))
    if (!items.some((i) => i.priority === priority && i.segment === null))
      items.push({ priority: priority as 'normal', segment: null, ...t });
  return { items };
}

/** Replaces the response targets (each priority and segment once). */
export async function saveResponseTargets(
  opts: ServiceContext & { input: z.output<typeof ResponseTargets> },
) {
  const { db, actor, input } = opts;
  const keys = new Set(input.items.map((i) => `${i.priority}/${i.segment ?? '*'}`));
  if (keys.size !== input.items.length)
    throw new AppError('VALIDATION', 'Each priority and segment may appear once', [
      { path: 'items', message: 'Duplicate target' },
    ]);
  await db.delete(responseTargets);
  if (input.items.length) await db.insert(responseTargets).values(input.items);
  await recordAudit(db, actor, {
    action: 'response-targets.updated',
    entityType: 'response-targets',
    entityId: null,
    summary: 'Response targets changed',
    after: input.items,
  });
  return input;
}
