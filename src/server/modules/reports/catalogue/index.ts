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
import { escalationsReport, responseTimes } from './inbox';
import { estimatedVsActual, quotesWinRate } from './quotes';
import { clientBudgetSpend, clientInventory, clientLowStock, clientOrders } from './portal';
import { materialShortages, openPurchaseOrders, shipmentsByCarrier } from './supply';

/**
 * The report catalogue, in the order the screen lists it. Every `client` report takes an `accountId` and is
 * also offered in that client's portal (with the account forced to the portal's own).
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
  responseTimes,
  escalationsReport,
  quotesWinRate,
  estimatedVsActual,
  clientJobsCompleted,
  clientShipments,
  clientOrders,
  clientBudgetSpend,
  clientInventory,
  clientLowStock,
];

const byId = new Map(catalogue.map((r) => [r.id, r]));
export const findReport = (id: string) => byId.get(id) ?? null;
