import { and, desc, eq, inArray, lt, lte, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateShipment, Shipment, ShipmentListQuery, UpdateShipment } from '../../../shared/shipping';
import { carrierLabels } from '../../../shared/shipping';
import { shipmentStatusMoves } from '../../../shared/status-machines';
import { systemActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { nextNumber } from '../../platform/db/sequences';
import { emit } from '../../platform/events';
import { conflict, invalid, notFound, type FieldError } from '../../platform/errors';
import type { Mailer } from '../../platform/mail';
import type { ServiceContext } from '../../platform/service-context';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { getAccount, getContact } from '../accounts';
import { accounts } from '../accounts/tables';
import { jobFiles, jobItems, jobs } from '../jobs/tables';
import { renderMailTemplate } from '../mail';
import type { ShipmentEventPayload } from './events';
import { checkTrackingNumber } from './tracking';
import { shipments } from './tables';

type Row = typeof shipments.$inferSelect;
export const SHIPPED_TEMPLATE = 'shipment.shipped';

function present(
  s: Row,
  job: { id: string; number: string; title: string; clientPo: string | null },
  account: { id: string; name: string },
  itemText: Map<string, string | null>,
): Shipment {
  return {
    id: s.id,
    number: s.number,
    job,
    account,
    carrier: s.carrier,
    service: s.service,
    trackingNumber: s.trackingNumber,
    trackingUrl: s.trackingUrl,
    address: s.address,
    packages: s.packages,
    items: s.items.map((i) => ({ ...i, description: itemText.get(i.itemId) ?? null })),
    status: s.status,
    plannedDate: s.plannedDate,
    shippedAt: s.shippedAt?.toISOString() ?? null,
    deliveredAt: s.deliveredAt?.toISOString() ?? null,
    exceptionReason: s.exceptionReason,
    proofOfDelivery:
      s.podReceivedBy && s.podAt
        ? { receivedBy: s.podReceivedBy, at: s.podAt.toISOString(), fileId: s.podFileId }
        : null,
    notifyClient: s.notifyClient,
    notifiedAt: s.notifiedAt?.toISOString() ?? null,
    notes: s.notes,
    freight: s.freight ?? null,
    totalWeightLb: Math.round(s.packages.reduce((sum, p) => sum + p.weightLb, 0) * 100) / 100,
    createdAt: s.createdAt.toISOString(),
  };
}

const selectShipments = (db: Db) =>
  db
    .select({
      s: shipments,
      job: { id: jobs.id, number: jobs.number, title: jobs.title, clientPo: jobs.clientPo },
      account: { id: accounts.id, name: accounts.name },
    })
    .from(shipments)
    .innerJoin(jobs, eq(jobs.id, shipments.jobId))
    .innerJoin(accounts, eq(accounts.id, shipments.accountId));

async function presentRows(db: Db, rows: Awaited<ReturnType<ReturnType<typeof selectShipments>['where']>>) {
  const itemIds = [...new Set(rows.flatMap((r) => r.s.items.map((i) => i.itemId)))];
  const items = itemIds.length
    ? await db
        .select({ id: jobItems.id, description: jobItems.description, productType: jobItems.productType })
        .from(jobItems)
        .where(inArray(jobItems.id, itemIds))
    : [];
  const text = new Map(items.map((i) => [i.id, i.description ?? i.productType.replace(/_/g, ' ')]));
  return rows.map((r) => present(r.s, r.job, r.account, text));
}

/** One shipment with its job, account and item descriptions. */
export async function getShipment(opts: { db: Db; id: string }): Promise<Shipment> {
  const { db, id } = opts;
  const rows = await selectShipments(db).where(eq(shipments.id, id));
  if (!rows.length) throw notFound('Shipment');
  return (await presentRows(db, rows))[0]!;
}

/** Shipments newest first: ready to ship (planned or packed, due by today), shipped, exceptions, or all. */
export async function listShipments(opts: ServiceContext & { query: z.output<typeof ShipmentListQuery> }) {
  const { db, query } = opts;
  const today = opts.clock.today();
  const userId = opts.actor.id;
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const view =
    query.view === 'ready'
      ? and(inArray(shipments.status, ['planned', 'packed']), or(lte(shipments.plannedDate, today)))
      : query.view === 'shipped'
        ? inArray(shipments.status, ['shipped', 'delivered'])
        : query.view === 'exceptions'
          ? eq(shipments.status, 'exception')
          : undefined;
  const rows = await selectShipments(db)
    .where(
      and(
        view,
        query.jobId ? eq(shipments.jobId, query.jobId) : undefined,
        query.accountId ? eq(shipments.accountId, query.accountId) : undefined,
        query.carrier ? eq(shipments.carrier, query.carrier) : undefined,
        query.mine === 'true'
          ? eq(jobs.ownerId, userId ?? '00000000-0000-0000-0000-000000000000')
          : undefined,
        after
          ? or(
              lt(shipments.createdAt, new Date(String(after[0]))),
              and(eq(shipments.createdAt, new Date(String(after[0]))), lt(shipments.id, String(after[1]))),
            )
          : undefined,
      ),
    )
    .orderBy(desc(shipments.createdAt), desc(shipments.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.s;
  return {
    items: await presentRows(db, page),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** Checks a tracking number against its carrier's format and check digit; the message says what is wrong. */
function tracking(carrier: Row['carrier'], raw: string | null | undefined, required: boolean) {
  if (!raw) {
    if (required) {
      throw invalid(`A ${carrierLabels[carrier]} shipment needs its tracking number to be shipped`, [
        { path: 'trackingNumber', message: 'Required to ship' },
      ]);
    }
    return { trackingNumber: null, trackingUrl: null };
  }
  const check = checkTrackingNumber(carrier, raw);
  if (!check.ok) throw invalid(check.message, [{ path: 'trackingNumber', message: check.message }]);
  return { trackingNumber: check.normalized, trackingUrl: check.url };
}
const needsTracking = (carrier: Row['carrier']) =>
  carrier === 'ups' || carrier === 'fedex' || carrier === 'usps';

/** Plans a shipment of a job's items to one address (freight needs its pallets and class). */
export async function createShipment(opts: ServiceContext & { input: z.output<typeof CreateShipment> }) {
  const { db, actor, input } = opts;
  const today = opts.clock.today();
  const [job] = await db.select().from(jobs).where(eq(jobs.id, input.jobId)).for('update');
  if (!job) throw invalid('Unknown job', [{ path: 'jobId', message: 'Unknown job' }]);
  if (job.status === 'cancelled' || job.status === 'closed')
    throw conflict(`Job ${job.number} is ${job.status}: it cannot ship`);
  const items = await db.select({ id: jobItems.id }).from(jobItems).where(eq(jobItems.jobId, job.id));
  const errors: FieldError[] = input.items.flatMap((i, n) =>
    items.some((x) => x.id === i.itemId)
      ? []
      : [{ path: `items.${n}.itemId`, message: 'Not an item of this job' }],
  );
  if (errors.length) throw invalid('An item is not one of this job', errors);
  if (input.carrier === 'freight' && !input.freight) {
    throw invalid('A freight shipment needs its pallets and class for the bill of lading', [
      { path: 'freight', message: 'Required for freight' },
    ]);
  }
  const number = await nextNumber(db, 'shipment', 'SH', Number(today.slice(0, 4)));
  const [row] = await db
    .insert(shipments)
    .values({
      number,
      jobId: job.id,
      accountId: job.accountId,
      carrier: input.carrier,
      service: input.service ?? null,
      ...tracking(input.carrier, input.trackingNumber, false),
      address: input.address,
      packages: input.packages,
      items: input.items,
      freight: input.freight ?? null,
      plannedDate: input.plannedDate ?? today,
      notifyClient: input.notifyClient,
      notes: input.notes ?? null,
      createdBy: actor.id,
    })
    .returning();
  await recordAudit(db, actor, {
    action: 'shipment.planned',
    entityType: 'shipment',
    entityId: row!.id,
    accountId: job.accountId,
    summary: `${number} planned for ${job.number}: ${carrierLabels[input.carrier]} to ${input.address.city}, ${input.address.region}`,
    after: input,
  });
  return getShipment({ db, id: row!.id });
}

/** Who hears that a job shipped: the job's contact, else the account's primary contact. */
async function recipientsOf(db: Db, job: typeof jobs.$inferSelect) {
  if (job.contactId) {
    const contact = await getContact({ db, id: job.contactId }).catch(() => null);
    if (contact?.emails[0]) return { name: contact.firstName, email: contact.emails[0] };
  }
  const account = await getAccount({ db, id: job.accountId, health: false });
  return account.primaryContact?.email
    ? { name: account.primaryContact.name.split(' ')[0]!, email: account.primaryContact.email }
    : null;
}

/** How the client hears that a shipment left: the shop's mailer and name; null e-mails nobody (demo data). */
export type ShippingNotice = { mailer: Mailer; shopName: string } | null;

/**
 * Moves a shipment planned → packed → shipped → delivered (or exception). Shipping checks the tracking
 * number and tells the client; delivery records proof (required for local delivery). Each move is an event
 * (`shipment.shipped`, `shipment.delivered`, `shipment.exception`) that flows react to — the job's
 * shipping stages follow in flows/shipment-to-job.ts.
 */
export async function updateShipment(
  opts: ServiceContext & { id: string; input: z.output<typeof UpdateShipment>; notice: ShippingNotice },
) {
  const { db, actor, id, input, notice } = opts;
  const [current] = await db.select().from(shipments).where(eq(shipments.id, id)).for('update');
  if (!current) throw notFound('Shipment');
  const [job] = await db.select().from(jobs).where(eq(jobs.id, current.jobId));
  const carrier = input.carrier ?? current.carrier;
  const status = input.status ?? current.status;
  if (status !== current.status && !shipmentStatusMoves[current.status].includes(status)) {
    throw conflict(`A ${current.status} shipment cannot become ${status}`);
  }
  if (status === 'exception' && !input.exceptionReason && current.status !== 'exception') {
    throw invalid('Say what went wrong', [{ path: 'exceptionReason', message: 'Required for an exception' }]);
  }
  const trackingInput = input.trackingNumber !== undefined ? input.trackingNumber : current.trackingNumber;
  const track = tracking(carrier, trackingInput, status === 'shipped' && needsTracking(carrier));
  if (
    status === 'delivered' &&
    current.status !== 'delivered' &&
    carrier === 'local' &&
    !input.proofOfDelivery
  ) {
    throw invalid('A local delivery needs proof: who received it', [
      { path: 'proofOfDelivery.receivedBy', message: 'Required for local delivery' },
    ]);
  }
  if (input.proofOfDelivery?.fileId) {
    const [file] = await db
      .select({ id: jobFiles.id })
      .from(jobFiles)
      .where(and(eq(jobFiles.id, input.proofOfDelivery.fileId), eq(jobFiles.jobId, current.jobId)));
    if (!file) {
      throw invalid('The proof file is not one of this job’s files', [
        { path: 'proofOfDelivery.fileId', message: 'Upload it to the job first' },
      ]);
    }
  }
  const now = new Date();
  const shipping = status === 'shipped' && current.status !== 'shipped';
  const delivering = status === 'delivered' && current.status !== 'delivered';
  const [row] = await db
    .update(shipments)
    .set({
      carrier,
      service: input.service !== undefined ? input.service : current.service,
      ...track,
      status,
      exceptionReason: status === 'exception' ? (input.exceptionReason ?? current.exceptionReason) : null,
      notes: input.notes !== undefined ? input.notes : current.notes,
      ...(shipping ? { shippedAt: now } : {}),
      ...(delivering ? { deliveredAt: now, ...(current.shippedAt ? {} : { shippedAt: now }) } : {}),
      ...(input.proofOfDelivery
        ? {
            podReceivedBy: input.proofOfDelivery.receivedBy,
            podAt: input.proofOfDelivery.at ? new Date(input.proofOfDelivery.at) : now,
            podFileId: input.proofOfDelivery.fileId ?? null,
          }
        : {}),
      updatedAt: now,
    })
    .where(eq(shipments.id, id))
    .returning();
  const label = carrierLabels[carrier];
  const summary =
    status === current.status
      ? `${current.number} of ${job!.number} changed`
      : status === 'shipped'
        ? `${current.number} of ${job!.number} shipped by ${label}${track.trackingNumber ? ` (${track.trackingNumber})` : ''}`
        : status === 'delivered'
          ? `${current.number} of ${job!.number} delivered${input.proofOfDelivery ? `, received by ${input.proofOfDelivery.receivedBy}` : ''}`
          : status === 'exception'
            ? `${current.number} of ${job!.number}: exception — ${row!.exceptionReason}`
            : `${current.number} of ${job!.number} is ${status}`;
  await recordAudit(db, actor, {
    action: status === current.status ? 'shipment.updated' : `shipment.${status}`,
    entityType: 'shipment',
    entityId: id,
    accountId: current.accountId,
    summary,
    before: { status: current.status, trackingNumber: current.trackingNumber },
    after: { status, trackingNumber: track.trackingNumber },
  });
  if (shipping && row!.notifyClient && !row!.notifiedAt && notice) {
    await tellClient(db, row!, job!, notice.mailer, notice.shopName);
  }
  const subject = { entityType: 'shipment', entityId: id, accountId: current.accountId };
  const payload: ShipmentEventPayload = {
    shipmentId: id,
    number: current.number,
    jobId: current.jobId,
    carrier,
    trackingNumber: track.trackingNumber,
  };
  if (shipping) await emit(db, actor, 'shipment.shipped', subject, payload);
  if (delivering) {
    const open = await db
      .select({ id: shipments.id })
      .from(shipments)
      .where(
        and(
          eq(shipments.jobId, current.jobId),
          inArray(shipments.status, ['planned', 'packed', 'shipped', 'exception']),
        ),
      );
    await emit(db, actor, 'shipment.delivered', subject, {
      ...payload,
      jobHasOpenShipments: open.length > 0,
    });
  }
  if (status === 'exception' && current.status !== 'exception') {
    await emit(db, actor, 'shipment.exception', subject, { ...payload, reason: row!.exceptionReason ?? '' });
  }
  return getShipment({ db, id });
}

async function tellClient(db: Db, s: Row, job: typeof jobs.$inferSelect, mailer: Mailer, shopName: string) {
  const to = await recipientsOf(db, job);
  if (!to) return;
  const values = {
    'contact.firstName': to.name,
    'job.number': job.number,
    'job.title': job.title,
    'job.clientPo': job.clientPo ?? '',
    'shipment.number': s.number,
    'shipment.carrier': carrierLabels[s.carrier],
    'shipment.trackingNumber': s.trackingNumber ?? '',
    'shipment.trackingLink': s.trackingUrl ?? '',
    'shipment.packages': String(s.packages.length),
    'shipment.address': `${s.address.line1}, ${s.address.city}, ${s.address.region} ${s.address.postalCode}`,
    'shop.name': shopName,
  };
  const mail = await renderMailTemplate({ db, key: SHIPPED_TEMPLATE, values });
  await mailer.queueMail(db, { to: to.email, ...mail });
  await db.update(shipments).set({ notifiedAt: new Date() }).where(eq(shipments.id, s.id));
  await recordAudit(db, systemActor, {
    action: 'shipment.client-notified',
    entityType: 'shipment',
    entityId: s.id,
    accountId: s.accountId,
    summary: `Shipping notice for ${job.number} e-mailed to ${to.email}`,
  });
}
