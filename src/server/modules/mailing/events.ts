/** What the mailing module says when a list's mailing for its job item changes. */
export type ListMailingPayload = {
  listId: string;
  listName: string;
  jobId: string;
  jobItemId: string;
  mailClass: 'first_class' | 'marketing';
  /** The drop date to put on the item, or null to keep the item's own. */
  dropDate: string | null;
  /** The piece count to put on the item, or null to keep the item's own. */
  pieces: number | null;
};

declare module '../../platform/events' {
  interface DomainEvents {
    /**
     * A list attached to a job item was applied to it, or had a drop recorded: the item's mailing spec
     * (class, drop date, pieces) should follow.
     */
    'mailing_list.mailing_changed': ListMailingPayload;
  }
}
