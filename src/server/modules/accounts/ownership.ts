import { accountOwnerRoles } from '../../../shared/accounts';
import { can } from '../../../shared/permissions';
import type { Actor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { forbidden, invalid } from '../../platform/errors';
import { getUser } from '../users';

/** The roles an account may be owned by: the people who look after clients. */
export const OWNER_ROLES = accountOwnerRoles;

/** Whether the actor chooses owners (admins and managers) rather than owning what they create. */
export const choosesOwner = (actor: Actor) =>
  actor.kind !== 'user' || can(actor.role, 'account.owner.choose');

/** An account's owner must be an active account manager or manager. */
export async function assertOwner(db: Db, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const owner = await getUser({ db, id: ownerId }).catch(() => null);
  if (!owner || !owner.active || !(OWNER_ROLES as readonly string[]).includes(owner.role)) {
    throw invalid('The owner must be an active account manager or manager', [
      {
        path: 'ownerId',
        message: !owner
          ? 'Unknown user'
          : !owner.active
            ? 'The user is not active'
            : 'Not an account manager',
      },
    ]);
  }
}

/**
 * Who owns a new account: admins and managers choose (or leave it unowned); an account manager's new account
 * is theirs, and they may not hand it to someone else.
 */
export function ownerForNewAccount(actor: Actor, requested: string | null | undefined): string | null {
  if (!choosesOwner(actor)) {
    if (requested && requested !== actor.id)
      throw forbidden("Only admins and managers choose an account's owner");
    return actor.id;
  }
  return requested ?? null;
}
