import { subscribe } from '../platform/events';
import type { Mailer } from '../platform/mail';
import { notifyUser } from '../modules/notifications';
import { getUserContact } from '../modules/users';

/**
 * A client's proof decision reaches the job's account manager whichever way it was made (the e-mailed link,
 * the portal, or staff recording it): a notification in the app and an e-mail through the queue.
 */
export function subscribeProofDecisions(opts: { mailer: Mailer; publicUrl: string }) {
  subscribe('proof.decided', 'proof-decisions', async (db, { payload }) => {
    if (!payload.ownerId) return;
    const owner = await getUserContact({ db, id: payload.ownerId });
    if (!owner.active) return;
    const headline = payload.decision === 'approved' ? 'Proof approved' : 'Changes requested';
    await notifyUser({
      db,
      userId: owner.id,
      kind: `proof.${payload.decision}`,
      title: `${headline}: ${payload.detail}`,
      link: `/jobs/${payload.jobId}`,
    });
    await opts.mailer.queueMail(db, {
      to: owner.email,
      subject: `[${payload.number}] ${headline} by ${payload.decidedBy}: ${payload.title}`,
      text: `${payload.detail}\n\nOpen the job: ${opts.publicUrl}/jobs/${payload.jobId}\n`,
    });
  });
}
