/** What every purchase order event says, with the jobs it concerns (so their risk can be re-assessed). */
export type PurchaseOrderEventPayload = {
  purchaseOrderId: string;
  number: string;
  /** The jobs the order's lines were bought for (for a receipt: those that received something). */
  jobIds: string[];
};

declare module '../../platform/events' {
  interface DomainEvents {
    /** An order was e-mailed to its vendor (the first send puts it on order; a resend says so again). */
    'purchase_order.sent': {
      purchaseOrderId: string;
      number: string;
      vendor: string;
      to: string;
      expectedDate: string | null;
      resend: boolean;
    };
    /** Goods arrived against an order; the jobs that received some of them are named. */
    'purchase_order.received': PurchaseOrderEventPayload & { complete: boolean };
    /** A material fell to its reorder point (once per crossing); purchasing is told in the app and by e-mail. */
    'material.reorder_needed': {
      materialId: string;
      sku: string;
      name: string;
      unit: string;
      availableAndOnOrder: number;
      reorderPoint: number;
    };
    /** An order's expected date, notes or status changed (closed, cancelled). */
    'purchase_order.updated': PurchaseOrderEventPayload & {
      status: string;
      expectedDate: string | null;
    };
  }
}
