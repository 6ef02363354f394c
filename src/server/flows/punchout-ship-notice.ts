import { subscribe } from '../platform/events';
import type { Queue } from '../platform/queue';
import { queueShipNotice } from '../modules/punchout';

/**
 * A shipment of a job that came from a procurement system's OrderRequest queues a ShipNoticeRequest to that
 * system (when its portal has a notice URL); posted after the shipment's transaction commits.
 */
export function subscribePunchOutShipNotice(deps: { queue: Queue }) {
  return subscribe('shipment.shipped', 'punchout-ship-notice', async (db, { payload }) => {
    await queueShipNotice(db, deps.queue, {
      jobId: payload.jobId,
      number: payload.number,
      carrier: payload.carrier,
      trackingNumber: payload.trackingNumber,
    });
  });
}
