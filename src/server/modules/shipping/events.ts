import type { Carrier } from '../../../shared/shipping';

/** What every shipment event says: enough for a flow, an e-mail or a webhook without another query. */
export type ShipmentEventPayload = {
  shipmentId: string;
  number: string;
  jobId: string;
  carrier: Carrier;
  trackingNumber: string | null;
};

declare module '../../platform/events' {
  interface DomainEvents {
    /** A shipment left the shop (its tracking number checked where the carrier has one). */
    'shipment.shipped': ShipmentEventPayload;
    /** A shipment arrived; `jobHasOpenShipments` says whether anything else of its job is still on its way. */
    'shipment.delivered': ShipmentEventPayload & { jobHasOpenShipments: boolean };
    /** Something went wrong on the way (refused, damaged, dock closed…). */
    'shipment.exception': ShipmentEventPayload & { reason: string };
  }
}
