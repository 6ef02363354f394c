import type { JobStatus, StageStatus } from './jobs';
import type { ShipmentStatus } from './shipping';
import type { OrderStatus } from './portals';
import type { PoStatus } from './purchasing';

/** The moves each status allows: the server refuses any other, and the web app offers exactly these. */
export type StatusMachine<S extends string> = Readonly<Record<S, readonly S[]>>;

export const jobStatusMoves: StatusMachine<JobStatus> = {
  draft: ['in_production', 'on_hold', 'cancelled'],
  in_production: ['completed', 'on_hold', 'cancelled'],
  on_hold: ['draft', 'in_production', 'cancelled'],
  completed: ['closed', 'in_production'],
  closed: [],
  cancelled: [],
};

export const stageStatusMoves: StatusMachine<StageStatus> = {
  pending: ['ready', 'in_progress', 'blocked'],
  ready: ['in_progress', 'done', 'blocked', 'pending'],
  in_progress: ['done', 'blocked', 'ready'],
  blocked: ['ready', 'in_progress'],
  done: ['in_progress'],
};

export const shipmentStatusMoves: StatusMachine<ShipmentStatus> = {
  planned: ['packed', 'shipped', 'exception'],
  packed: ['planned', 'shipped', 'exception'],
  shipped: ['delivered', 'exception'],
  exception: ['planned', 'packed', 'shipped', 'delivered'],
  delivered: ['exception'],
};

/** A portal order: decided by an approver, fulfilled by the shop (picks or a job), then shipped. */
export const orderStatusMoves: StatusMachine<OrderStatus> = {
  pending_approval: ['approved', 'rejected', 'cancelled'],
  approved: ['in_fulfilment', 'shipped', 'completed', 'cancelled'],
  in_fulfilment: ['shipped', 'completed', 'cancelled'],
  shipped: ['completed'],
  rejected: [],
  completed: [],
  cancelled: [],
};

/** A purchase order: sent to the vendor, received in one or more deliveries, then closed. */
export const poStatusMoves: StatusMachine<PoStatus> = {
  draft: ['sent', 'cancelled'],
  sent: ['partly_received', 'received', 'closed', 'cancelled'],
  partly_received: ['received', 'closed'],
  received: ['closed'],
  closed: [],
  cancelled: [],
};

/** Whether a status machine allows moving from one status to another (staying put is always allowed). */
export function canMove<S extends string>(machine: StatusMachine<S>, from: S, to: S): boolean {
  return from === to || machine[from].includes(to);
}
