import type { Actor } from './actor';
import { todayIn } from './clock';
import type { Db } from './db';

/** The shop's clock: the moment, and today's date in the shop's time zone (tests set both). */
export type Clock = { now(): Date; today(): string };

export const shopClock = (timeZone: string): Clock => ({
  now: () => new Date(),
  today: () => todayIn(timeZone),
});

/** A clock stopped at one moment, for tests and for work that must see one "today" throughout. */
export const fixedClock = (now: Date, timeZone: string): Clock => ({
  now: () => new Date(now),
  today: () => todayIn(timeZone, now),
});

/** A clock whose today is the given date (for callers that already hold the shop's date). */
export const clockOn = (today: string): Clock => ({ now: () => new Date(), today: () => today });

/**
 * What every service receives first, the same way: the database or the caller's transaction, who is
 * acting, and the clock. Services take `{ ...ctx, ...input }`; side effects are events emitted on `db`.
 */
export type ServiceContext = { db: Db; actor: Actor; clock: Clock };
