import type { ProductType } from '../../shared/jobs';
import type { User } from '../../shared/users';
import { actorOf, getUser } from '../modules/users';
import { decideProof, updateStage } from '../modules/jobs';
import { addDays } from '../platform/calendar/working-days';
import { clockOn } from '../platform/service-context';
import type { Db } from '../platform/db';
import { buildJob } from '../factories';

const work: { title: string; items: { productType: ProductType; quantity: number; pages?: number }[] }[] = [
  { title: 'Annual report', items: [{ productType: 'booklet', quantity: 2500, pages: 48 }] },
  {
    title: 'Renewal notices',
    items: [
      { productType: 'letter', quantity: 40000 },
      { productType: 'mailing_service', quantity: 40000 },
    ],
  },
  { title: 'Open house postcards', items: [{ productType: 'postcard', quantity: 12000 }] },
  { title: 'Business cards — new hires', items: [{ productType: 'business_card', quantity: 1500 }] },
  { title: 'Program brochure', items: [{ productType: 'folded_brochure', quantity: 8000 }] },
  { title: 'Lobby banners', items: [{ productType: 'large_format', quantity: 6 }] },
  { title: '#10 window envelopes', items: [{ productType: 'envelope', quantity: 25000 }] },
  {
    title: 'Event kits',
    items: [
      { productType: 'promotional', quantity: 300 },
      { productType: 'fulfilment', quantity: 300 },
    ],
  },
];

/**
 * Demo jobs in every state a shop sees: just entered, in production with stages done, blocked, at risk
 * (due too soon) and completed — made through the same services people use, so the plan and risk are real.
 */
export async function seedDemoJobs(db: Db, opts: { accountIds: string[]; owners: User[]; today: string }) {
  let made = 0;
  for (const [i, accountId] of opts.accountIds.entries()) {
    if (i % 3 === 2) continue;
    const owner = opts.owners[i % opts.owners.length]!;
    const actor = actorOf(await getUser({ db, id: owner.id }), 'session');
    const spec = work[i % work.length]!;
    const dueIn = i % 11 === 0 ? 1 : 3 + ((i * 5) % 30);
    const job = await buildJob(
      db,
      {
        accountId,
        title: spec.title,
        dueDate: addDays(opts.today, dueIn),
        items: spec.items,
        ownerId: owner.id,
        clientPo: `PO-${4100 + i}`,
        today: opts.today,
      },
      actor,
    );
    made++;
    const progress = i % 5; // 0: untouched, 1-2: first stages done, 3: blocked, 4: all done
    const stages = job.stages.filter((s) => s.itemId === job.items[0]!.id);
    const steps =
      progress === 4 ? job.stages.length : Math.min(progress === 3 ? 1 : progress, stages.length - 1);
    const order = progress === 4 ? job.stages : stages;
    // Prepress finishes only on an approved proof: the client approved it before the work went on.
    for (const item of steps ? job.items.filter((it) => it.proof !== 'none') : []) {
      await decideProof({
        db,
        actor,
        clock: clockOn(opts.today),
        jobId: job.id,
        itemId: item.id,
        input: { status: 'approved', decidedBy: 'The client, by phone' },
      });
    }
    for (const stage of order.slice(0, steps)) {
      await updateStage({
        db,
        actor,
        jobId: job.id,
        stageId: stage.id,
        input: { status: 'done' },
        clock: clockOn(opts.today),
      });
    }
    if (progress === 3) {
      await updateStage({
        db,
        actor,
        jobId: job.id,
        stageId: stages[steps]!.id,
        input: { status: 'blocked', blockedReason: 'Waiting for paper delivery' },
        clock: clockOn(opts.today),
      });
    }
  }
  return made;
}
