import type { Account, AccountSummary, Contact } from '../../../shared/accounts';
import type { accountAddresses, accounts, contacts, costCentres } from './tables';
import type { HealthFigures } from './health';

type AccountRow = typeof accounts.$inferSelect;
type ContactRow = typeof contacts.$inferSelect;
export type SummaryExtras = {
  ownerName: string | null;
  primaryContactId: string | null;
  primaryContactName: string | null;
  primaryContactEmail: string | null;
};

export function presentAccountSummary(
  a: AccountRow,
  x: SummaryExtras,
  health: HealthFigures = {},
): AccountSummary {
  return {
    id: a.id,
    name: a.name,
    segment: a.segment,
    status: a.status,
    owner: a.ownerId && x.ownerName ? { id: a.ownerId, name: x.ownerName } : null,
    tags: a.tags,
    primaryContact: x.primaryContactId
      ? { id: x.primaryContactId, name: x.primaryContactName ?? '', email: x.primaryContactEmail }
      : null,
    // A figure of a module not built yet (the inbox) stays unknown, not zero.
    health: {
      openJobs: health.openJobs ?? null,
      lateJobs: health.lateJobs ?? null,
      openQueries: health.openQueries ?? null,
      lastContactAt: a.lastContactAt?.toISOString() ?? null,
    },
    archivedAt: a.archivedAt?.toISOString() ?? null,
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function presentAccount(
  a: AccountRow,
  x: SummaryExtras,
  addresses: (typeof accountAddresses.$inferSelect)[],
  centres: (typeof costCentres.$inferSelect)[],
  health: HealthFigures = {},
): Account {
  return {
    ...presentAccountSummary(a, x, health),
    taxExempt: a.taxExempt,
    taxExemptCertificate: a.taxExemptCertificate,
    taxExemptExpiresOn: a.taxExemptExpiresOn,
    poRequired: a.poRequired,
    paymentTerms: a.paymentTerms,
    notes: a.notes,
    addresses: addresses.map((d) => ({
      id: d.id,
      kind: d.kind,
      label: d.label,
      attention: d.attention,
      line1: d.line1,
      line2: d.line2,
      city: d.city,
      region: d.region,
      postalCode: d.postalCode,
      country: d.country,
      isDefault: d.isDefault,
    })),
    costCentres: centres.map((c) => ({
      id: c.id,
      name: c.name,
      code: c.code,
      budgetOwnerContactId: c.budgetOwnerContactId,
    })),
    createdAt: a.createdAt.toISOString(),
  };
}

export function presentContact(c: ContactRow): Contact {
  return {
    id: c.id,
    accountId: c.accountId,
    firstName: c.firstName,
    lastName: c.lastName,
    name: `${c.firstName} ${c.lastName}`,
    title: c.title,
    emails: c.emails,
    phones: c.phones,
    roles: c.roles,
    preferredChannel: c.preferredChannel,
    isPrimary: c.isPrimary,
    notes: c.notes,
    archivedAt: c.archivedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
