import type { z } from 'zod';
import { CreateJob, type CopyJob } from '../../../shared/jobs';
import type { ServiceContext } from '../../platform/service-context';
import { getAccount } from '../accounts';
import { createJob, getJob } from './service';

/**
 * A reorder: the same account, contact, ship-to and items as an earlier job, with the new due date and PO the
 * request gives (the old due date is never copied; an account that requires a PO refuses a reorder without one).
 */
export async function copyJob(opts: ServiceContext & { id: string; input: z.output<typeof CopyJob> }) {
  const source = await getJob({ db: opts.db, id: opts.id });
  const account = await getAccount({ db: opts.db, id: source.account.id, health: false });
  const sameAddress = account.addresses.some((a) => a.id === source.shipTo?.addressId);
  const input = CreateJob.parse({
    accountId: source.account.id,
    title: opts.input.title ?? source.title,
    dueDate: opts.input.dueDate,
    contactId: source.contactId,
    costCentreId: source.costCentreId,
    // The address the earlier job shipped to, while the account still has it; else the account's default.
    shipToAddressId: sameAddress ? source.shipTo!.addressId : undefined,
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
