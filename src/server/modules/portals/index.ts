// The public surface of the portals module: what other modules, flows and the composition root may use.
export { createInventoryItem, getInventoryItem, recordInventoryMovement } from './inventory';
export { portalUserRoutes } from './portal-routes';
export { createPortal } from './portals';
export { createProduct } from './products';
export { portalStaffRoutes } from './routes';
export { grantQueueToPortalRole, inPortalScope } from './scope';
export { invitePortalUser, PORTAL_COOKIE, portalActor, portalPrincipal, requirePortalUser } from './users';
export type { PortalPrincipal } from './users';
export { findOrder, linkOrderToJob, orderLinesWithProducts } from './order-queries';
export { buyerContactOf } from './buyer-contact';
export type { OrderEventPayload } from './events';
export { printReadyPdf } from './vdp/proof';
export { getOrder } from './order-queries';
export { openSession as openPortalSession } from './users';
export {
  clearProcurementCart,
  orderIdOfJob,
  placeProcurementOrder,
  procurementBuyer,
  procurementCart,
  ProcurementRefusal,
} from './procurement';
export { findPortal } from './portals';
export { portalLogout } from './users';
export type { OrderEffects } from './order-mail';
export { artworkFileOf } from './portal-files';
