import type { ReportDefinition } from '../definition';
import { bookOfBusiness, clientJobsCompleted, clientShipments } from './accounts';
import {
  cycleTimeByProduct,
  lateAndAtRisk,
  onTimeDelivery,
  stageTimeVsStandard,
  throughputByDepartment,
  wipByDepartment,
} from './production';
import { materialShortages, openPurchaseOrders, shipmentsByCarrier } from './supply';

/**
 * The report catalogue, in the order the screen lists it. Reports over modules that do not exist yet
 * (portal orders, inventory, inbox response times, escalations) are listed in docs/reports.md as waiting.
 */
export const catalogue: ReportDefinition[] = [
  wipByDepartment,
  lateAndAtRisk,
  onTimeDelivery,
  throughputByDepartment,
  cycleTimeByProduct,
  stageTimeVsStandard,
  materialShortages,
  openPurchaseOrders,
  shipmentsByCarrier,
  bookOfBusiness,
  clientJobsCompleted,
  clientShipments,
];

const byId = new Map(catalogue.map((r) => [r.id, r]));
export const findReport = (id: string) => byId.get(id) ?? null;
