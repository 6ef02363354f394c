import { WEBHOOK_ENVELOPE_VERSION, type WebhookEventType } from '../../../shared/webhooks';

const job = {
  jobId: '0b9e4c1e-6f0a-4f5e-9a59-3f1f2a8c1d01',
  number: 'J-26-01234',
  title: 'Spring catalogue',
};
const alert = {
  ...job,
  ownerId: '5d2f8a40-1c3e-4b7a-8f0e-6a1b2c3d4e5f',
  detail: 'J-26-01234 is at risk: press ends after the due date',
};
const order = {
  orderId: '3806be8c-d7c1-5e20-893b-93f7c79f9185',
  number: 'O-26-00042',
  portalId: '1ac71473-88c7-59de-bbea-895559d9a282',
  buyerId: 'ea7bdd99-2a85-5544-8f26-b53c4e517fb0',
  totalCents: 48_250,
};
const shipment = {
  shipmentId: '0eee7255-b796-5bc6-b044-eedab4ba7360',
  number: 'S-26-00017',
  jobId: job.jobId,
  carrier: 'ups',
  trackingNumber: '1Z999AA10123456784',
};
const quote = {
  quoteId: 'aa22aaa2-b930-5aed-aac7-5af93689e1eb',
  number: 'Q-26-00031',
  version: 1,
  title: 'Annual report',
  accountId: '1cda775e-5945-5db5-becf-d8077194fbdd',
  ownerId: alert.ownerId,
};
/** Where a body carries a resource: a stand-in saying which GET route's answer is there (it is the whole). */
const resource = (id: string, number: string, route: string) => ({ id, number, '…': `as ${route} answers` });
const jobResource = { job: resource(job.jobId, job.number, 'GET /api/v1/jobs/{id}') };
const orderResource = { order: resource(order.orderId, order.number, 'GET /api/v1/orders/{id}') };
const shipmentResource = {
  shipment: resource(shipment.shipmentId, shipment.number, 'GET /api/v1/shipments/{id}'),
};
const quoteResource = { quote: resource(quote.quoteId, quote.number, 'GET /api/v1/quotes/{id}') };
const proofResource = {
  proof: {
    id: '9b1c5aea-5fdc-53e5-aa6e-bc5041f65a3f',
    '…': 'as GET /api/v1/jobs/{id}/proofs lists it',
  },
};
const escalationResource = {
  escalation: resource('ec886931-2d9a-5699-a6b7-e197864bcd83', 'ESC-26-0003', 'GET /api/v1/escalations/{id}'),
};
const po = {
  purchaseOrderId: 'fd4ace14-0965-54dc-9a4e-461b2d033a96',
  number: 'PO-26-00008',
  jobIds: [job.jobId],
};
const poResource = {
  purchaseOrder: resource(po.purchaseOrderId, po.number, 'GET /api/v1/purchase-orders/{id}'),
};

/** Each public event type: what it means and an example of its `data` (docs/webhooks.md shows the same). */
export const catalogue: Record<WebhookEventType, { description: string; data: Record<string, unknown> }> = {
  'job.created': {
    description: 'A job was created (by staff, from an accepted quote or a portal order).',
    data: {
      ...job,
      accountId: '1cda775e-5945-5db5-becf-d8077194fbdd',
      status: 'draft',
      dueDate: '2026-03-20',
      job: { id: job.jobId, number: job.number, '…': 'the job as GET /api/v1/jobs/{id} answers' },
    },
  },
  'job.changed': {
    description:
      'A job was edited: `kind` `edit` (its own fields, listed in `fields`) or `change_order` (a change order was recorded: quantity, specs, dates, price).',
    data: {
      kind: 'change_order',
      ...alert,
      changeOrderId: '67540979-dbf5-5779-8af1-3c5907ae59e7',
      changeOrderNumber: 1,
      reason: 'Client asked for 5,000 more',
      requestedBy: 'Pat Buyer',
      summary: 'Quantity 10,000 → 15,000',
      dueDate: '2026-03-20',
      priceBeforeCents: 120_000,
      priceAfterCents: 165_000,
      ...jobResource,
    },
  },
  'job.status_changed': {
    description:
      "A job's status changed: its stages moved it (in production, completed by the last stage or the last delivery) or staff held, released, cancelled or completed it (`reason` says why when given).",
    data: {
      ...job,
      from: 'in_production',
      to: 'on_hold',
      reason: 'Waiting for the client’s files',
      ...jobResource,
    },
  },
  'job.at_risk': {
    description: "A job's plan no longer fits its due date.",
    data: { ...alert, risk: 'at_risk', previousRisk: 'on_track', ...jobResource },
  },
  'job.late': {
    description: 'A job is past its due date and not finished.',
    data: { ...alert, risk: 'late', previousRisk: 'at_risk', ...jobResource },
  },
  'stage.changed': {
    description: 'A department stage of a job moved (ready, in progress, done, blocked…).',
    data: {
      ...job,
      stageId: '219db05b-5c2a-5906-b432-bd21df263436',
      stageName: 'Press',
      department: 'press',
      from: 'ready',
      to: 'in_progress',
      ...jobResource,
    },
  },
  'stage.blocked': {
    description: 'A department blocked a stage of a job, with the reason.',
    data: {
      ...alert,
      stageId: '219db05b-5c2a-5906-b432-bd21df263436',
      reason: 'Paper not delivered',
      ...jobResource,
    },
  },
  'proof.sent': {
    description:
      'A proof version was e-mailed to the client for a decision (the link works until `expiresAt`).',
    data: {
      ...alert,
      detail: 'Proof cover.pdf v2 of J-26-01234 sent to Zoë Øster',
      proofId: '9b1c5aea-5fdc-53e5-aa6e-bc5041f65a3f',
      itemId: '55db089e-e18c-50ae-8891-90bd858f22f7',
      fileId: '7d20a454-77e0-5191-a8d7-c420198d956a',
      fileVersion: 2,
      sentTo: 'zoe@client.example',
      expiresAt: '2026-03-16T15:04:05.000Z',
      ...proofResource,
    },
  },
  'proof.decided': {
    description: 'The client (or staff for them) approved a proof or asked for changes.',
    data: {
      ...alert,
      proofId: '9b1c5aea-5fdc-53e5-aa6e-bc5041f65a3f',
      itemId: '55db089e-e18c-50ae-8891-90bd858f22f7',
      fileId: '7d20a454-77e0-5191-a8d7-c420198d956a',
      fileVersion: 2,
      decision: 'approved',
      decidedBy: 'Zoë Øster',
      comment: null,
      ...proofResource,
    },
  },
  'quote.sent': {
    description: 'A quote version went to the client with its link.',
    data: { ...quote, to: 'buyer@client.example', ...quoteResource },
  },
  'quote.accepted': {
    description: 'The client accepted a quote; the job exists.',
    data: {
      ...quote,
      jobId: job.jobId,
      jobNumber: job.number,
      totalCents: 165_000,
      channel: 'link',
      decidedBy: 'Nguyễn Văn An',
      ...quoteResource,
    },
  },
  'quote.declined': {
    description: 'The client declined a quote, with the reason.',
    data: {
      ...quote,
      reason: 'Over budget',
      channel: 'link',
      decidedBy: 'Nguyễn Văn An',
      ...quoteResource,
    },
  },
  'order.placed': {
    description: 'A portal buyer placed an order (approved at once or waiting for approval).',
    data: { ...order, status: 'pending_approval', ...orderResource },
  },
  'order.approved': {
    description: 'A portal order was approved and is ready to become work.',
    data: { ...order, ...orderResource },
  },
  'order.rejected': {
    description: 'An approver or the shop rejected a portal order.',
    data: { ...order, comment: 'Not in this quarter’s budget', ...orderResource },
  },
  'order.released': {
    description: "A portal order's job exists and is released to production (`job` is that job).",
    data: { ...order, jobId: job.jobId, ...orderResource, ...jobResource },
  },
  'shipment.shipped': {
    description: 'A shipment left the shop.',
    data: { ...shipment, ...shipmentResource },
  },
  'shipment.delivered': {
    description: 'A shipment arrived.',
    data: { ...shipment, jobHasOpenShipments: false, ...shipmentResource },
  },
  'shipment.exception': {
    description: 'Something went wrong on the way (refused, damaged…).',
    data: { ...shipment, reason: 'Dock closed', ...shipmentResource },
  },
  'purchase_order.sent': {
    description: 'A purchase order was e-mailed to its vendor (again, when `resend` is true).',
    data: {
      purchaseOrderId: po.purchaseOrderId,
      number: po.number,
      vendor: 'Midwest Paper Supply',
      to: 'orders@midwest-paper.example',
      expectedDate: '2026-03-10',
      resend: false,
      ...poResource,
    },
  },
  'purchase_order.received': {
    description: 'Goods arrived against a purchase order.',
    data: { ...po, complete: true, ...poResource },
  },
  'purchase_order.updated': {
    description: "A purchase order's expected date, notes or status changed (sent, closed, cancelled).",
    data: { ...po, status: 'sent', expectedDate: '2026-03-10', ...poResource },
  },
  'message.received': {
    description: "A client's e-mail landed in the shared inbox.",
    data: {
      conversationId: '036f0579-dd19-551b-b0cc-3b9b9b0ca841',
      messageId: 'fd4ace14-0965-54dc-9a4e-461b2d033a96',
      assigneeId: alert.ownerId,
      from: 'Zoë Øster',
      subject: 'Re: proofs for J-26-01234',
      conversation: {
        id: '036f0579-dd19-551b-b0cc-3b9b9b0ca841',
        '…': 'as GET /api/v1/conversations/{id} answers',
      },
    },
  },
  'escalation.opened': {
    description: 'An escalation was opened.',
    data: {
      escalationId: 'ec886931-2d9a-5699-a6b7-e197864bcd83',
      number: 'ESC-26-0003',
      title: 'ESC-26-0003 S2: Wrong stock on reprint',
      ownerId: alert.ownerId,
      severity: 'S2',
      ...escalationResource,
    },
  },
  'escalation.resolved': {
    description: 'An escalation was resolved, with root cause and corrective action.',
    data: {
      escalationId: 'ec886931-2d9a-5699-a6b7-e197864bcd83',
      number: 'ESC-26-0003',
      title: 'Wrong stock on reprint',
      rootCause: 'Ticket showed last year’s stock',
      correctiveAction: 'Ticket reads the item spec',
      ...escalationResource,
    },
  },
  'stock.low': {
    description: "Picking took a client's stocked item to or below its reorder point (once until restocked).",
    data: {
      inventoryItemId: '7b360830-b6fc-591e-9c47-41cfdd577240',
      sku: 'BC-STD',
      name: 'Business card stock',
      accountId: quote.accountId,
      available: 40,
      reorderPoint: 50,
      inventoryItem: {
        id: '7b360830-b6fc-591e-9c47-41cfdd577240',
        '…': 'as GET /api/v1/inventory/items/{id} answers',
      },
    },
  },
};

export const example = (type: WebhookEventType) => ({
  type,
  version: WEBHOOK_ENVELOPE_VERSION,
  timestamp: '2026-03-02T15:04:05.000Z',
  data: catalogue[type].data,
});
