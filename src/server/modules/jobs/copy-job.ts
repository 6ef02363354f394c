import type { z } from 'zod';
import { CreateJob, type CopyJob } from '../../../shared/jobs';
import type { ServiceContext } from '../../platform/service-context';
import { createJob, getJob } from './service';

/** A reorder: the same account, contact and items as an earlier job, with a new due date (and PO). */
export async function copyJob(opts: ServiceContext & { id: string; input: z.output<typeof CopyJob> }) {
  const source = await getJob({ db: opts.db, id: opts.id });
  const input = CreateJob.parse({
    accountId: source.account.id,
    title: opts.input.title ?? source.title,
    dueDate: opts.input.dueDate,
    contactId: source.contactId,
    costCentreId: source.costCentreId,
    clientPo: opts.input.clientPo ?? null,
    ownerId: source.owner?.id ?? null,
    priority: source.priority,
    description: source.description,
    clientNotes: source.clientNotes,
    estimatedPriceCents: source.estimatedPriceCents,
    copyFromJobId: source.id,
    items: source.items.map((i) => ({
      productType: i.productType,
      quantity: i.quantity,
      description: i.description,
      pages: i.pages,
      spec: i.spec,
      proof: i.proof,
      packaging: i.packaging,
      priceCents: i.priceCents,
    })),
  });
  return createJob({ ...opts, input });
}
