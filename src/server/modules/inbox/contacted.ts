import type { Actor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { emit } from '../../platform/events';
import type { ClientContactedPayload } from './events';

/** Says that staff were in touch with an account's people (flows keep the account's last contact from it). */
export async function emitContacted(
  db: Db,
  actor: Actor,
  accountId: string | null,
  at: Date,
  how: ClientContactedPayload['how'],
  now: Date,
) {
  if (!accountId) return;
  const when = at.getTime() > now.getTime() ? now : at;
  await emit(
    db,
    actor,
    'client.contacted',
    { entityType: 'account', entityId: accountId, accountId },
    { accountId, at: when.toISOString(), how },
  );
}
