import { systemActor } from '../platform/actor';
import type { Db } from '../platform/db';
import { subscribe } from '../platform/events';
import type { Queue } from '../platform/queue';
import type { Clock } from '../platform/service-context';
import { replanForCalendarChange, type CalendarChange } from '../modules/jobs';

export const CALENDAR_REPLAN_QUEUE = 'planning.replan-calendar';

/**
 * A holiday added or removed, or a department's hours changed, re-plans the open jobs it touches. The change
 * commits first; the queue then plans each job in its own transaction (a job's lock before the planner's, as
 * every other path takes them), and the jobs that become at risk alert their account managers.
 */
export function wireCalendarReplan(opts: { db: Db; queue: Queue; clock: Clock }) {
  subscribe('department.calendar_changed', 'calendar-replan', async (db, { payload }) => {
    await opts.queue.send<CalendarChange>(db, CALENDAR_REPLAN_QUEUE, payload);
  });
  opts.queue.define<CalendarChange>(CALENDAR_REPLAN_QUEUE, async (change) => {
    await replanForCalendarChange({ db: opts.db, actor: systemActor, clock: opts.clock, change });
  });
}
