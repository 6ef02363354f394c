import { subscribe } from '../platform/events';
import type { Mailer } from '../platform/mail';
import { listUsers } from '../modules/users';

/**
 * A material at its reorder point reaches every active purchasing user by e-mail too (queued in the crossing's
 * transaction, sent after commit), so a buyer who is not looking at the app still hears of it once per crossing.
 */
export function subscribeReorderMail(opts: { mailer: Mailer; publicUrl: string }) {
  subscribe('material.reorder_needed', 'reorder-mail', async (db, { payload: m }) => {
    for (const user of await listUsers({ db, role: 'purchasing', active: true })) {
      await opts.mailer.queueMail(db, {
        to: user.email,
        subject: `Reorder ${m.sku} ${m.name}`,
        text:
          `${m.sku} ${m.name} is at its reorder point: ${m.availableAndOnOrder} ${m.unit} available and on order, ` +
          `reorder point ${m.reorderPoint}.\n\nPut it on a draft purchase order: ${opts.publicUrl}/purchasing/shortages\n`,
      });
    }
  });
}
