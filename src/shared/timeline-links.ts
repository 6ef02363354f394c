/**
 * Where a timeline entry leads: the page of what it is about (a job, a conversation, a shipment's job, a portal
 * order, a purchase order, an escalation, a mailing list), or null when the app has no page for it. The
 * account timeline and the job activity both read it, so an entry about the same thing links the same way.
 */
export function timelineLink(entry: {
  entityType: string;
  entityId: string | null;
  accountId: string | null;
  /** The entry's after-image, where a shipment names its job. */
  after?: unknown;
}): string | null {
  const { entityType: type, entityId: id, accountId } = entry;
  const jobOf = (entry.after as { jobId?: unknown } | null | undefined)?.jobId;
  if (type === 'account' && accountId) return `/accounts/${accountId}`;
  if (type === 'contact' && accountId) return `/accounts/${accountId}#contacts`;
  if (type === 'shipment') return typeof jobOf === 'string' ? `/jobs/${jobOf}` : '/shipping';
  if (!id) return null;
  const pages: Record<string, string> = {
    job: `/jobs/${id}`,
    conversation: `/inbox/${id}`,
    escalation: `/escalations/${id}`,
    order: `/orders/${id}`,
    'purchase-order': `/purchasing/orders/${id}`,
    mailing_list: `/mailing/lists/${id}`,
  };
  return pages[type] ?? null;
}
