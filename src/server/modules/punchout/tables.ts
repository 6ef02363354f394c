import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import { accounts, costCentres } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { orders, portalSessions, portalUsers, portals } from '../portals/tables';

/**
 * A portal's cXML PunchOut credentials. The shared secret is only ever verified, so only its hash is kept.
 * Staff tables: the portal role is granted none of these (documents arrive server to server).
 */
export const punchoutSettings = pgTable(
  'punchout_settings',
  {
    ...baseColumns(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    portalId: uuid('portal_id')
      .notNull()
      .references(() => portals.id),
    enabled: boolean('enabled').notNull().default(true),
    fromDomain: text('from_domain').notNull(),
    fromIdentity: text('from_identity').notNull(),
    toDomain: text('to_domain').notNull(),
    toIdentity: text('to_identity').notNull(),
    senderDomain: text('sender_domain').notNull(),
    senderIdentity: text('sender_identity').notNull(),
    secretHash: text('secret_hash'),
    secretSetAt: moment('secret_set_at'),
    costCentreId: uuid('cost_centre_id')
      .notNull()
      .references(() => costCentres.id),
    buyerEmail: text('buyer_email').notNull(),
    buyerName: text('buyer_name').notNull(),
    noticeUrl: text('notice_url'),
  },
  (t) => [
    uniqueIndex('punchout_settings_portal_key').on(t.portalId),
    // One portal per buyer organisation and supplier identity: how an arriving document finds its portal.
    uniqueIndex('punchout_settings_identity_key').on(
      sql`lower(${t.fromIdentity})`,
      sql`lower(${t.toIdentity})`,
    ),
  ],
);

/**
 * A punch-out session: opened by a PunchOutSetupRequest, entered once through its start token (only the
 * SHA-256 is kept), tied to the portal session it opened so the portal knows to return the cart.
 */
export const punchoutSessions = pgTable(
  'punchout_sessions',
  {
    ...baseColumns(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    portalId: uuid('portal_id')
      .notNull()
      .references(() => portals.id),
    portalUserId: uuid('portal_user_id')
      .notNull()
      .references(() => portalUsers.id),
    operation: text('operation', { enum: ['create', 'edit', 'inspect'] }).notNull(),
    buyerCookie: text('buyer_cookie').notNull(),
    formPostUrl: text('form_post_url').notNull(),
    startTokenHash: text('start_token_hash').notNull(),
    startExpiresAt: moment('start_expires_at').notNull(),
    startedAt: moment('started_at'),
    portalSessionId: text('portal_session_id').references(() => portalSessions.id, { onDelete: 'set null' }),
    returnedAt: moment('returned_at'),
  },
  (t) => [
    uniqueIndex('punchout_sessions_token_key').on(t.startTokenHash),
    index('punchout_sessions_portal_session_idx').on(t.portalSessionId),
  ],
);

/**
 * An OrderRequest received: its payloadID and orderID are unique per portal, so the same document twice —
 * even at once — makes one order (the second insert waits on the index, then finds the first).
 */
export const punchoutOrders = pgTable(
  'punchout_orders',
  {
    ...baseColumns(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    portalId: uuid('portal_id')
      .notNull()
      .references(() => portals.id),
    payloadId: text('payload_id').notNull(),
    buyerOrderId: text('buyer_order_id').notNull(),
    orderId: uuid('order_id').references(() => orders.id),
    orderNumber: text('order_number'),
    jobId: uuid('job_id').references(() => jobs.id),
    shipNoticeSentAt: moment('ship_notice_sent_at'),
  },
  (t) => [
    uniqueIndex('punchout_orders_payload_key').on(t.portalId, t.payloadId),
    uniqueIndex('punchout_orders_order_key').on(t.portalId, t.buyerOrderId),
    index('punchout_orders_job_idx').on(t.jobId),
  ],
);
