import { asc, eq, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import { CreateJob, type CreateTemplate, type JobFromTemplate, type JobTemplate } from '../../../shared/jobs';
import type { ServiceContext } from '../../platform/service-context';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import { createJob, getJob } from './service';
import { jobTemplates } from './tables';

const present = (t: typeof jobTemplates.$inferSelect): JobTemplate => ({
  id: t.id,
  name: t.name,
  accountId: t.accountId,
  title: t.title,
  items: t.items as JobTemplate['items'],
  createdAt: t.createdAt.toISOString(),
});

/** Saves a job's items and wording as a template, for its account or for every account. */
export async function createTemplate(opts: ServiceContext & { input: z.output<typeof CreateTemplate> }) {
  const job = await getJob({ db: opts.db, id: opts.input.fromJobId });
  const [row] = await opts.db
    .insert(jobTemplates)
    .values({
      name: opts.input.name,
      accountId: opts.input.forAccount ? job.account.id : null,
      title: job.title,
      description: job.description,
      items: job.items.map((i) => ({
        productType: i.productType,
        quantity: i.quantity,
        description: i.description,
        pages: i.pages,
        spec: i.spec,
        proof: i.proof,
        packaging: i.packaging,
        priceCents: i.priceCents,
      })),
      createdBy: opts.actor.id,
    })
    .returning();
  const template = present(row!);
  await recordAudit(opts.db, opts.actor, {
    action: 'job_template.create',
    entityType: 'job_template',
    entityId: template.id,
    accountId: template.accountId,
    summary: `Saved ${job.number} as template "${template.name}"`,
    after: template,
  });
  return template;
}

/** Templates usable for an account: its own and the shop-wide ones. */
export async function listTemplates(opts: { db: Db; accountId?: string }) {
  const { db, accountId } = opts;
  const rows = await db
    .select()
    .from(jobTemplates)
    .where(accountId ? or(eq(jobTemplates.accountId, accountId), isNull(jobTemplates.accountId)) : undefined)
    .orderBy(asc(jobTemplates.name));
  return rows.map(present);
}

/** A new job from a template, with its own due date (and PO). */
export async function jobFromTemplate(
  opts: ServiceContext & { templateId: string; input: z.output<typeof JobFromTemplate> },
) {
  const [template] = await opts.db.select().from(jobTemplates).where(eq(jobTemplates.id, opts.templateId));
  if (!template) throw notFound('Template');
  if (template.accountId && template.accountId !== opts.input.accountId) {
    throw invalid('This template belongs to another account', [
      { path: 'accountId', message: 'Not this template’s account' },
    ]);
  }
  const input = CreateJob.parse({
    accountId: opts.input.accountId,
    title: opts.input.title ?? template.title,
    dueDate: opts.input.dueDate,
    clientPo: opts.input.clientPo ?? null,
    description: template.description,
    items: template.items,
  });
  return createJob({ ...opts, input });
}
