import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { Actor } from './actor';
import { prepared, type Db } from './db';
import { moment } from './db/columns';

/**
 * The domain events a module publishes. Each module declares its own by augmenting this interface
 * (`declare module '../../platform/events' { interface DomainEvents { 'job.risk_changed': … } }`), so an
 * emit with a misspelt name or a wrong payload does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}
export type EventType = keyof DomainEvents;

/** Every event, written in the transaction of its cause: it exists if and only if the change committed. */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    accountId: uuid('account_id'),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id'),
    actorId: uuid('actor_id'),
    payload: jsonb('payload').notNull(),
    at: moment('at').notNull().defaultNow(),
  },
  (t) => [index('domain_events_seq_idx').on(t.seq), index('domain_events_type_idx').on(t.type, t.seq)],
);

/** What every event says about itself besides its payload. */
export type EventSubject = { entityType: string; entityId: string | null; accountId: string | null };

/**
 * A subscriber runs inside the emitting transaction: it writes rows (a notification, a queued e-mail, a
 * webhook delivery), never talks to the outside world. Work outside happens after commit, from the queue.
 */
export type Subscriber<E extends EventType> = (
  db: Db,
  event: { type: E; payload: DomainEvents[E]; subject: EventSubject; actor: Actor },
) => Promise<void>;

// Per event and name, a stack: the newest subscription is the one that runs. A process that builds a second
// context (tests, the bench) shadows the first one's subscribers and gives them back when it closes.
const subscribers = new Map<EventType, Map<string, Subscriber<never>[]>>();
let scope: (() => void)[] | null = null;

/**
 * Subscribes to an event under a name; the composition root calls this at start-up. Subscribing the same
 * name again shadows the earlier subscriber until the returned function (or the enclosing
 * `subscriptionScope`'s) ends the newer one.
 */
export function subscribe<E extends EventType>(type: E, name: string, subscriber: Subscriber<E>): () => void {
  const byName = subscribers.get(type) ?? new Map<string, Subscriber<never>[]>();
  subscribers.set(type, byName);
  const entry = subscriber as Subscriber<never>;
  byName.set(name, [...(byName.get(name) ?? []), entry]);
  const unsubscribe = () =>
    byName.set(
      name,
      (byName.get(name) ?? []).filter((s) => s !== entry),
    );
  scope?.push(unsubscribe);
  return unsubscribe;
}

/** Runs `register` and returns one function that ends every subscription it made (a context's close). */
export function subscriptionScope(register: () => void): () => void {
  const outer = scope;
  const mine: (() => void)[] = [];
  scope = mine;
  try {
    register();
  } finally {
    scope = outer;
  }
  return () => mine.forEach((end) => end());
}

const current = (type: EventType) =>
  [...(subscribers.get(type)?.entries() ?? [])].flatMap(([name, stack]) =>
    stack.length ? [[name, stack.at(-1)!] as const] : [],
  );

/** The names subscribed to an event (for tests and the start-up log). */
export const subscribersOf = (type: EventType) => current(type).map(([name]) => name);

/**
 * Publishes an event in the caller's transaction: the row is written and every subscriber runs, in the
 * order they subscribed, on the same transaction — so a rolled-back change leaves no trace of it.
 */
export async function emit<E extends EventType>(
  db: Db,
  actor: Actor,
  type: E,
  subject: EventSubject,
  payload: DomainEvents[E],
): Promise<void> {
  const insert = prepared(db, 'domain_event_insert', (d) =>
    d
      .insert(domainEvents)
      .values({
        type: sql.placeholder('type'),
        accountId: sql.placeholder('accountId'),
        entityType: sql.placeholder('entityType'),
        entityId: sql.placeholder('entityId'),
        actorId: sql.placeholder('actorId'),
        payload: sql.placeholder('payload'),
      })
      .prepare('domain_event_insert'),
  );
  await insert.execute({
    type,
    accountId: subject.accountId,
    entityType: subject.entityType,
    entityId: subject.entityId,
    actorId: actor.id,
    payload,
  });
  for (const [, subscriber] of current(type)) {
    await (subscriber as Subscriber<E>)(db, { type, payload, subject, actor });
  }
}
