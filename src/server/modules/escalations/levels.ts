import { asc } from 'drizzle-orm';
import type { EscalationLevel, Severity } from '../../../shared/escalations';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { invalid } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { accountOwnerId, firstActiveUserOf, userExists } from './repo';
import { escalationLevels } from './tables';

/** Business minutes an escalation may stay at one level before it moves up, by severity. */
export const DUE_BY: Record<Severity, number> = { S1: 120, S2: 480, S3: 1440, S4: 2400 };

export const DEFAULT_LEVELS: EscalationLevel[] = [
  { level: 1, label: 'Account manager', owner: 'account_manager', userId: null },
  { level: 2, label: 'Manager', owner: 'manager', userId: null },
  { level: 3, label: 'Operations director', owner: 'admin', userId: null },
];

/** The escalation path, level 1 first (the built-in one until the shop sets its own). */
export async function getLevels(opts: { db: Db }): Promise<EscalationLevel[]> {
  const rows = await opts.db.select().from(escalationLevels).orderBy(asc(escalationLevels.level));
  return rows.length
    ? rows.map((r) => ({ level: r.level, label: r.label, owner: r.owner, userId: r.userId }))
    : DEFAULT_LEVELS;
}

/** Replaces the escalation path; levels are numbered 1…n in order. */
export async function saveLevels(opts: ServiceContext & { items: EscalationLevel[] }) {
  const { db, actor, items } = opts;
  for (const [i, l] of items.entries()) {
    if (l.level !== i + 1)
      throw invalid('Levels must be numbered 1, 2, 3… in order', [
        { path: `items.${i}.level`, message: `Expected ${i + 1}` },
      ]);
    if (l.owner === 'user' && !(l.userId && (await userExists(db, l.userId))))
      throw invalid('A level owned by a named user needs that user', [
        { path: `items.${i}.userId`, message: 'Unknown user' },
      ]);
  }
  const before = await getLevels({ db });
  await db.delete(escalationLevels);
  await db
    .insert(escalationLevels)
    .values(items.map((l) => ({ ...l, userId: l.owner === 'user' ? l.userId : null })));
  await recordAudit(db, actor, {
    action: 'escalation-levels.updated',
    entityType: 'escalation-levels',
    entityId: null,
    summary: `Escalation path: ${items.map((l) => l.label).join(' → ')}`,
    before,
    after: items,
  });
  return getLevels({ db });
}

/** Who holds a level for a client: the named user, the client's account manager, or the role's first user. */
export async function ownerAt(
  db: Db,
  level: EscalationLevel | undefined,
  accountId: string,
): Promise<string | null> {
  if (!level) return null;
  if (level.owner === 'user') return level.userId;
  if (level.owner === 'account_manager') return accountOwnerId(db, accountId);
  return firstActiveUserOf(db, level.owner);
}
