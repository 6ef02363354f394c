import type { Db } from '../platform/db';
import type { DomainEvents, EventType } from '../platform/events';
import type { Clock } from '../platform/service-context';
import { getEscalation } from '../modules/escalations';
import { getConversation, type InboxSettings } from '../modules/inbox';
import { getJob, listJobProofs } from '../modules/jobs';
import { getInventoryItem, getOrder } from '../modules/portals';
import { getPurchaseOrder } from '../modules/purchasing';
import { getQuote } from '../modules/quotes';
import { getShipment } from '../modules/shipping';

/** Reads the resource an event is about, as `{ key: resource }` to put in the webhook's `data`. */
export type ResourceOf<E extends EventType> = (
  db: Db,
  payload: DomainEvents[E],
) => Promise<Record<string, unknown>>;

/**
 * Reads one resource in a savepoint of the cause's transaction, so it is the state the cause committed. A
 * resource the transaction cannot read (gone, or out of a portal role's reach) is `null` — the event still
 * goes out with its own fields, and a failed read never undoes the cause.
 */
async function read(db: Db, key: string, load: (db: Db) => Promise<unknown>) {
  try {
    return { [key]: await db.transaction((savepoint) => load(savepoint)) };
  } catch {
    return { [key]: null };
  }
}

/** The resource readers, by what events carry: the same presenters the GET routes answer with. */
export function webhookResources(clock: Clock, inbox: InboxSettings) {
  const job = (async (db, p: { jobId: string }) =>
    read(db, 'job', (tx) =>
      getJob({ db: tx, id: p.jobId, clock }),
    )) satisfies ResourceOf<'job.status_changed'>;
  return {
    job,
    proof: (async (db, p: { jobId: string; proofId: string }) =>
      read(db, 'proof', async (tx) => {
        const proofs = await listJobProofs({ db: tx, jobId: p.jobId, now: clock.now() });
        return proofs.find((x) => x.id === p.proofId) ?? null;
      })) satisfies ResourceOf<'proof.sent'>,
    quote: (async (db, p: { quoteId: string }) =>
      read(db, 'quote', (tx) =>
        getQuote({ db: tx, clock, id: p.quoteId }),
      )) satisfies ResourceOf<'quote.sent'>,
    order: (async (db, p: { orderId: string }) =>
      read(db, 'order', (tx) => getOrder(tx, p.orderId))) satisfies ResourceOf<'order.placed'>,
    released: (async (db, p: { orderId: string; jobId: string }) => ({
      ...(await read(db, 'order', (tx) => getOrder(tx, p.orderId))),
      ...(await job(db, p)),
    })) satisfies ResourceOf<'order.released'>,
    shipment: (async (db, p: { shipmentId: string }) =>
      read(db, 'shipment', (tx) =>
        getShipment({ db: tx, id: p.shipmentId }),
      )) satisfies ResourceOf<'shipment.shipped'>,
    purchaseOrder: (async (db, p: { purchaseOrderId: string }) =>
      read(db, 'purchaseOrder', (tx) =>
        getPurchaseOrder({ db: tx, clock, id: p.purchaseOrderId }),
      )) satisfies ResourceOf<'purchase_order.sent'>,
    conversation: (async (db, p: { conversationId: string }) =>
      read(db, 'conversation', (tx) =>
        getConversation({ db: tx, settings: inbox, id: p.conversationId }),
      )) satisfies ResourceOf<'conversation.message_received'>,
    inventoryItem: (async (db, p: { inventoryItemId: string }) =>
      read(db, 'inventoryItem', (tx) =>
        getInventoryItem({ db: tx, id: p.inventoryItemId }),
      )) satisfies ResourceOf<'stock.low'>,
    escalation: (async (db, p: { escalationId: string }) =>
      read(db, 'escalation', (tx) =>
        getEscalation({ db: tx, clock, id: p.escalationId }),
      )) satisfies ResourceOf<'escalation.opened'>,
  };
}
