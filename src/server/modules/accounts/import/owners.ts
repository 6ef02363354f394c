import type { Actor } from '../../../platform/actor';
import type { listUsers } from '../../users';
import { choosesOwner, OWNER_ROLES } from '../ownership';

export type StaffUser = Awaited<ReturnType<typeof listUsers>>[number];

/** The staff user a cell names, by e-mail or else by name. */
export function findUser(given: string, users: StaffUser[]): { user?: StaffUser; error?: string } {
  const key = given.trim().toLowerCase();
  const byEmail = users.filter((u) => u.email.toLowerCase() === key);
  const matches = byEmail.length ? byEmail : users.filter((u) => u.name.trim().toLowerCase() === key);
  if (!matches.length) return { error: `"${given}" is not a Jobjacket user (give an e-mail or a name)` };
  if (matches.length > 1) return { error: `"${given}" names more than one user; give their e-mail` };
  return { user: matches[0]! };
}

/**
 * Finds an account's owner from the file's owner column; without a value the importer owns a new account when
 * they may own accounts. An account manager may give accounts only to themselves.
 */
export function ownerOf(
  given: string | undefined,
  users: StaffUser[],
  actor: Actor,
): { id: string | null; error?: string } {
  const importerOwns =
    actor.kind === 'user' && actor.id && (OWNER_ROLES as readonly string[]).includes(actor.role);
  if (!given) return { id: importerOwns ? actor.id : null };
  const found = findUser(given, users);
  if (!found.user) return { id: null, error: found.error };
  const owner = found.user;
  if (!owner.active) return { id: null, error: `"${given}" is not active` };
  if (!(OWNER_ROLES as readonly string[]).includes(owner.role))
    return { id: null, error: `"${given}" is not an account manager or manager` };
  if (!choosesOwner(actor) && owner.id !== actor.id)
    return { id: null, error: `Only admins and managers import accounts for someone else ("${given}")` };
  return { id: owner.id };
}
