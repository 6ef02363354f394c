import type { ConversationSummary, InboxMyDay } from '../../../shared/inbox';
import { addDays } from '../../platform/calendar/working-days';
import type { ServiceContext } from '../../platform/service-context';
import { followUpsDue } from './calls';
import { unansweredConversations } from './conversation-queries';
import type { InboxSettings } from './settings';

/** How far ahead My day shows follow-ups: those due and those coming up this week. */
const FOLLOW_UP_DAYS = 7;

/** The moment the running clock of a conversation runs out: first response until answered, then resolution. */
const runningDue = (c: ConversationSummary) =>
  (c.firstResponse.metAt ? c.resolution.dueAt : c.firstResponse.dueAt) ?? '9999';

/**
 * The inbox's part of My day: my client messages waiting on us, the one whose clock runs out first at the top
 * (breached ones first), and my follow-ups — overdue, due today and the week ahead.
 */
export async function inboxMyDay(opts: ServiceContext & { settings: InboxSettings }): Promise<InboxMyDay> {
  const userId = opts.actor.id!;
  const unanswered = await unansweredConversations({ db: opts.db, settings: opts.settings, userId });
  return {
    unanswered: unanswered.sort((a, b) => runningDue(a).localeCompare(runningDue(b))),
    followUps: await followUpsDue(opts.db, userId, addDays(opts.clock.today(), FOLLOW_UP_DAYS)),
  };
}
