import type { Job, JobStage, JobSummary } from '../../../shared/jobs';
import type { jobItems, jobs } from './tables';
import type { JobSummaryRow, StageRow } from './repo';

type JobRow = typeof jobs.$inferSelect;
export type JobNames = { accountName: string; ownerName: string | null };
export type DepartmentRef = { id: string; code: string; name: string };

export function presentJobSummary(j: JobSummaryRow, names: JobNames): JobSummary {
  return {
    id: j.id,
    number: j.number,
    title: j.title,
    account: { id: j.accountId, name: names.accountName },
    owner: j.ownerId && names.ownerName ? { id: j.ownerId, name: names.ownerName } : null,
    status: j.status,
    priority: j.priority,
    risk: j.risk,
    dueDate: j.dueDate,
    inHandsDate: j.inHandsDate,
    updatedAt: j.updatedAt.toISOString(),
  };
}

export function presentStage(s: StageRow, department: DepartmentRef): JobStage {
  return {
    id: s.id,
    itemId: s.itemId,
    department,
    name: s.name,
    position: s.position,
    standardHours: Math.round(s.standardHours * 100) / 100,
    plannedStart: s.plannedStart,
    plannedEnd: s.plannedEnd,
    plannedSlots: s.plannedSlots,
    pinnedOn: s.pinnedOn,
    machineId: s.machineId,
    machinePinned: s.machinePinned,
    status: s.status,
    blockedReason: s.blockedReason,
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null,
  };
}

export function presentJob(
  j: JobRow,
  names: JobNames,
  items: (typeof jobItems.$inferSelect)[],
  stages: JobStage[],
  warnings: string[],
): Job {
  return {
    ...presentJobSummary(j, names),
    contactId: j.contactId,
    costCentreId: j.costCentreId,
    clientPo: j.clientPo,
    statusReason: j.statusReason,
    description: j.description,
    internalNotes: j.internalNotes,
    clientNotes: j.clientNotes,
    estimatedPriceCents: j.estimatedPriceCents,
    currency: j.currency,
    shipTo: j.shipTo ?? null,
    productionStarted: stages.some((s) => s.status === 'done' || s.status === 'in_progress' || s.startedAt),
    items: items.map((i) => ({
      id: i.id,
      position: i.position,
      productType: i.productType as Job['items'][number]['productType'],
      description: i.description,
      quantity: i.quantity,
      pages: i.pages,
      spec: i.spec,
      proof: i.proof,
      proofStatus: i.proofStatus,
      proofDecidedBy: i.proofDecidedBy,
      proofDecidedAt: i.proofDecidedAt?.toISOString() ?? null,
      proofComment: i.proofComment,
      packaging: i.packaging,
      priceCents: i.priceCents,
    })),
    stages,
    warnings,
    createdAt: j.createdAt.toISOString(),
  };
}
