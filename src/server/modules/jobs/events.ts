import type { Risk } from '../../platform/calendar/working-days';

/** What a job alert says: enough for an e-mail, a notification or a webhook without another query. */
export type JobAlertPayload = {
  jobId: string;
  number: string;
  title: string;
  ownerId: string | null;
  detail: string;
};

declare module '../../platform/events' {
  interface DomainEvents {
    /** A job's risk changed (written once per change, by every path that re-assesses a job). */
    'job.risk_changed': JobAlertPayload & { risk: Risk; previousRisk: Risk };
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
  }
}
