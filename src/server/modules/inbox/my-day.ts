import type { InboxMyDay } from '../../../shared/inbox';
import type { ServiceContext } from '../../platform/service-context';
import { followUpsDue } from './calls';
import { unansweredConversations } from './conversation-queries';
import type { InboxSettings } from './settings';

/** The inbox's part of My day: my client messages waiting on us, oldest first, and my follow-ups due. */
export async function inboxMyDay(opts: ServiceContext & { settings: InboxSettings }): Promise<InboxMyDay> {
  const userId = opts.actor.id!;
  return {
    unanswered: await unansweredConversations({ db: opts.db, settings: opts.settings, userId }),
    followUps: await followUpsDue(opts.db, userId, opts.clock.today()),
  };
}
