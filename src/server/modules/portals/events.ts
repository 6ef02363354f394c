/** What every order event says: enough for an e-mail, a flow or a webhook without another query. */
export type OrderEventPayload = {
  orderId: string;
  number: string;
  portalId: string;
  buyerId: string;
  totalCents: number;
};

declare module '../../platform/events' {
  interface DomainEvents {
    /** Picking took a stocked item to or below its reorder point (once, until it is restocked). */
    'stock.low': {
      inventoryItemId: string;
      sku: string;
      name: string;
      accountId: string;
      available: number;
      reorderPoint: number;
    };
    /** A buyer placed an order (approved at once, or waiting for approval). */
    'order.placed': OrderEventPayload & { status: 'approved' | 'pending_approval' };
    /** An order was approved — at checkout or by an approver — and is ready to become work. */
    'order.approved': OrderEventPayload;
    /** An approved order's job exists and is released to production. */
    'order.released': OrderEventPayload & { jobId: string };
    /** An approver or the shop rejected an order; its reserved stock went back. */
    'order.rejected': OrderEventPayload & { comment: string | null };
  }
}
