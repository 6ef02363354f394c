import type { Config } from './platform/config';
import type { AppContext } from './platform/context';
import { migrateDatabase, openDatabase, type Database } from './platform/db';
import { withSessionLock } from './platform/db/locks';
import { Mailer } from './platform/mail';
import { openFileStore } from './platform/files';
import { checkReportDatabase, openReportDatabase, type ReportDatabase } from './platform/db/replica';
import { Queue, type QueueOptions } from './platform/queue';
import { configureUploadLimits } from './platform/documents/upload-limits';
import { configureLockout } from './platform/auth/lockout';
import { subscriptionScope } from './platform/events';
import { registerRiskCheck, subscribeJobAlerts } from './flows/job-alerts';
import { wireAccountHealth } from './flows/account-health';
import { subscribePortalOrderToJob } from './flows/portal-order-to-job';
import { subscribeShipmentToJob } from './flows/shipment-to-job';
import { wirePurchaseOrderRisk } from './flows/purchase-order-risk';
import { wireCalendarReplan } from './flows/calendar-replan';
import { subscribeClientServiceAlerts } from './flows/client-service-alerts';
import { subscribeMailingToJob } from './flows/mailing-to-job';
import { subscribeJobChangeOrders } from './flows/job-change-orders';
import { subscribeProofDecisions } from './flows/proof-decisions';
import { subscribeAccountLastContact } from './flows/account-last-contact';
import { shopClock } from './platform/service-context';
import { grantQueueToPortalRole } from './modules/portals';
import { registerMailingQueue, registerUploadExpiry } from './modules/mailing';
import { registerReportQueues } from './modules/reports';
import { inboxSettings, registerInbox, startInboundListener, stopInboundListener } from './modules/inbox';
import { registerBreachCheck } from './modules/escalations';
import { registerWebhookQueues, sealWebhookSecrets } from './modules/webhooks';
import { subscribeWebhookEvents } from './flows/webhook-events';
import { subscribeReorderMail } from './flows/reorder-mail';
import { registerPunchOutQueues } from './modules/punchout';
import { subscribePunchOutShipNotice } from './flows/punchout-ship-notice';

const STARTUP_LOCK = 'jobjacket.startup';
const subscriptions = new WeakMap<AppContext, () => void>();
const reportDatabases = new WeakMap<AppContext, ReportDatabase>();

/** Opens the configured database (PostgreSQL or the embedded one) without migrating it. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATABASE_URL ? undefined : config.JOBJACKET_DATA_DIR,
  });
}

/**
 * Everything a server or worker process needs: the migrated database, the started queue and the mailer.
 * Queues are defined here by the modules that own them, before the queue starts.
 */
export async function createContext(
  config: Config,
  opts: { database?: Database; queue?: QueueOptions; inbound?: boolean } = {},
): Promise<AppContext> {
  const database = opts.database ?? (await openConfiguredDatabase(config));
  configureLockout({
    maxFailures: config.JOBJACKET_SIGNIN_MAX_FAILURES,
    minutes: config.JOBJACKET_SIGNIN_LOCK_MINUTES,
  });
  configureUploadLimits({
    maxMb: config.JOBJACKET_IMPORT_MAX_MB,
    maxRowChars: config.JOBJACKET_IMPORT_MAX_ROW_CHARS,
    maxColumns: config.JOBJACKET_IMPORT_MAX_COLUMNS,
    maxInflatedMb: config.JOBJACKET_IMPORT_MAX_INFLATED_MB,
  });
  // Nodes starting together take turns at migrating and granting.
  await withSessionLock(database, STARTUP_LOCK, () => migrateDatabase(database));
  wireAccountHealth();
  const queue = new Queue(database, opts.queue);
  const files = await openFileStore(config);
  const mailer = new Mailer(database.db, queue, { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, files });
  const clock = shopClock(config.JOBJACKET_TIMEZONE);
  // The flows, subscribed to the events they hear; closing this context ends its subscriptions.
  const unsubscribe = subscriptionScope(() => {
    wirePurchaseOrderRisk({ clock });
    wireCalendarReplan({ db: database.db, queue, clock });
    subscribeJobAlerts({ mailer, publicUrl: config.publicUrl });
    subscribeProofDecisions({ mailer, publicUrl: config.publicUrl });
    subscribeClientServiceAlerts();
    subscribeAccountLastContact();
    subscribeMailingToJob({ clock });
    subscribeJobChangeOrders({ mailer, shopName: config.JOBJACKET_SHOP_NAME, clock });
    subscribePortalOrderToJob({ db: database.db, queue, files, clock });
    subscribeShipmentToJob({ clock });
    subscribeReorderMail({ mailer, publicUrl: config.publicUrl });
    subscribeWebhookEvents({
      queue,
      mailer,
      clock,
      publicUrl: config.publicUrl,
      inbox: inboxSettings(config),
    });
    subscribePunchOutShipNotice({ queue });
  });
  registerRiskCheck({ db: database.db, queue, timeZone: config.JOBJACKET_TIMEZONE });
  const reports = openReportDatabase(database.db, config.DATABASE_REPLICA_URL);
  await checkReportDatabase(reports).catch(async (e: unknown) => {
    await reports.close();
    throw e;
  });
  const ctx: AppContext = { config, database, db: database.db, queue, mailer, files, reportDb: reports.db };
  subscriptions.set(ctx, unsubscribe);
  reportDatabases.set(ctx, reports);
  registerReportQueues(ctx);
  registerMailingQueue({
    db: database.db,
    files,
    queue,
    rejectsKeepDays: config.JOBJACKET_REJECTS_KEEP_DAYS,
  });
  registerUploadExpiry({ db: database.db, files, queue, keepHours: config.JOBJACKET_UPLOAD_KEEP_HOURS });
  registerInbox(ctx);
  registerBreachCheck(ctx);
  registerWebhookQueues(ctx);
  await sealWebhookSecrets(ctx);
  registerPunchOutQueues(ctx);
  await queue.start();
  // Mail held while no SMTP server was set goes out now that one is (and every five minutes after).
  await mailer.releaseWaiting();
  await withSessionLock(database, STARTUP_LOCK, () => grantQueueToPortalRole(database.db));
  // One-off commands (create-admin, seed-demo…) leave the inbound channels to the running nodes.
  if (opts.inbound !== false) await startInboundListener(ctx);
  return ctx;
}

export async function closeContext(ctx: AppContext) {
  subscriptions.get(ctx)?.();
  subscriptions.delete(ctx);
  await stopInboundListener(ctx);
  await ctx.queue.stop();
  await reportDatabases.get(ctx)?.close();
  await ctx.database.close();
}
