import type { Risk } from '../../platform/calendar/working-days';

/** What a job alert says: enough for an e-mail, a notification or a webhook without another query. */
export type JobAlertPayload = {
  jobId: string;
  number: string;
  title: string;
  ownerId: string | null;
  detail: string;
};

/** A change order was recorded: enough to tell the departments, the AM and the client without another query. */
export type ChangeOrderPayload = JobAlertPayload & {
  changeOrderId: string;
  changeOrderNumber: number;
  reason: string;
  requestedBy: string;
  summary: string;
  dueDate: string;
  priceBeforeCents: number | null;
  priceAfterCents: number | null;
  /** The departments that still have open stages on the job (after the change). */
  departments: { id: string; code: string; name: string }[];
  /** The client to confirm the change to, when the account manager asked for it. */
  confirmTo: { email: string; name: string } | null;
};

/** Items whose quantity changed or that are about to go: what the job needs of materials must follow. */
export type ItemsChangedPayload = {
  jobId: string;
  items: { id: string; quantity: number }[];
  removed: boolean;
};

declare module '../../platform/events' {
  interface DomainEvents {
    /** A job's risk changed (written once per change, by every path that re-assesses a job). */
    'job.risk_changed': JobAlertPayload & { risk: Risk; previousRisk: Risk };
    /** A job was created (by staff, from an accepted quote or a portal order): the job as the API presents it. */
    'job.created': {
      jobId: string;
      number: string;
      title: string;
      accountId: string;
      status: string;
      dueDate: string;
      job: unknown;
    };
    /** A stage moved (ready, in progress, done, blocked…): enough for a webhook without another query. */
    'job.stage_changed': {
      jobId: string;
      number: string;
      title: string;
      stageId: string;
      stageName: string;
      department: string;
      from: string;
      to: string;
    };
    /** A job's status changed: its stages moved (draft → in production → completed) or staff held, released, cancelled or completed it. */
    'job.status_changed': {
      jobId: string;
      number: string;
      title: string;
      from: string;
      to: string;
      reason?: string | null;
    };
    /** Staff edited the job itself without a change order (the fields that changed; a change order is `job.change_order`). */
    'job.updated': { jobId: string; number: string; title: string; fields: string[] };
    /** A proof version was e-mailed to the client for a decision. */
    'proof.sent': JobAlertPayload & {
      proofId: string;
      itemId: string;
      fileId: string;
      fileVersion: number;
      sentTo: string;
      expiresAt: string;
    };
    /** A department blocked one of the job's stages. */
    'job.stage_blocked': JobAlertPayload & { stageId: string; reason: string };
    /** The client (by the e-mailed link or in the portal) or staff decided on a sent proof version. */
    'proof.decided': JobAlertPayload & {
      proofId: string;
      itemId: string;
      fileId: string;
      fileVersion: number;
      decision: 'approved' | 'changes_requested';
      decidedBy: string;
      comment: string | null;
    };
    /** A job changed after production started (or with a change order anyway): reason, who asked, price, departments. */
    'job.change_order': ChangeOrderPayload;
    /**
     * Items' quantities changed, or items are being removed (emitted before the rows go, in the same
     * transaction): the job's material needs must follow.
     */
    'job.items_changed': ItemsChangedPayload;
  }
}
