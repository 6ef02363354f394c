import type { Account, Address } from '../../../../shared/accounts';
import type { Job } from '../../../../shared/jobs';
import type { Db } from '../../../platform/db';
import { getAccount, getContact } from '../../accounts/service';
import { getJob } from '../service';

export type TicketContact = {
  firstName: string;
  lastName: string;
  name: string;
  email: string | null;
  phone: string | null;
};

/** Everything a job document shows, gathered once through the services that own it. */
export type TicketData = {
  shopName: string;
  job: Job;
  account: Account;
  contact: TicketContact | null;
  /** The account's default shipping address (or its only/first one); null when it has none. */
  shipTo: Address | null;
  /** Where the QR code points: the job's page in the web app. */
  jobUrl: string;
  /** IANA time zone of the shop, for dates with a time in XJDF. */
  timeZone: string;
};

/** Loads a job with its account, contact and ship-to; "not found" for an unknown job. */
export async function loadTicketData(opts: {
  db: Db;
  id: string;
  publicUrl: string;
  timeZone: string;
  today?: string;
  shopName?: string;
}): Promise<TicketData> {
  const job = await getJob({ db: opts.db, id: opts.id, today: opts.today });
  const account = await getAccount({ db: opts.db, id: job.account.id });
  const row = job.contactId ? await getContact({ db: opts.db, id: job.contactId }).catch(() => null) : null;
  const contact = row
    ? {
        firstName: row.firstName,
        lastName: row.lastName,
        name: `${row.firstName} ${row.lastName}`,
        email: row.emails[0] ?? null,
        phone: row.phones[0]?.number ?? null,
      }
    : null;
  const shipping = account.addresses.filter((a) => a.kind === 'shipping');
  return {
    shopName: opts.shopName ?? 'Jobjacket',
    job,
    account,
    contact,
    shipTo: shipping.find((a) => a.isDefault) ?? shipping[0] ?? null,
    jobUrl: `${opts.publicUrl.replace(/\/+$/, '')}/jobs/${job.id}`,
    timeZone: opts.timeZone,
  };
}
