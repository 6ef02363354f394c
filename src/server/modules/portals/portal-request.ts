import { z } from 'zod';
import type { Db } from '../../platform/db';
import { forbidden } from '../../platform/errors';
import { inPortalScope } from './scope';
import type { PortalPrincipal } from './users';

// What the client portal's route files share: the URL parameters, the account scope and the role check.

export const Slug = z.object({ slug: z.string().min(1).max(40) }).strict();
export const SlugId = z.object({ slug: z.string().min(1).max(40), id: z.uuid() }).strict();
export const SlugLine = z.object({ slug: z.string().min(1).max(40), lineId: z.uuid() }).strict();

/**
 * Runs a portal request's work in one transaction scoped to the user's account by PostgreSQL row-level
 * security (`inPortalScope`). This is why portal routes do not use `config.transaction`: the scope is the
 * transaction.
 */
export const portalScope =
  (db: Db) =>
  <T>(who: PortalPrincipal, work: (tx: Db) => Promise<T>) =>
    inPortalScope(db, who.portal.accountId, work);

/** Refuses a portal user whose portal role is not one of `roles`. */
export function requirePortalRole(who: PortalPrincipal, roles: string[]) {
  if (!roles.includes(who.user.role))
    throw forbidden(`This needs one of the portal roles: ${roles.join(', ')}`);
}

/**
 * Whether a portal user may read an order: their own; every order for client admins and viewers; an approver's
 * cost centres' orders (all when they have none), as their approvals list shows.
 */
export function mayReadOrder(who: PortalPrincipal, order: { buyerId: string; costCentreId: string }) {
  const { role, costCentreIds } = who.user;
  return (
    order.buyerId === who.user.id ||
    role === 'client_admin' ||
    role === 'viewer' ||
    (role === 'approver' && (!costCentreIds.length || costCentreIds.includes(order.costCentreId)))
  );
}
