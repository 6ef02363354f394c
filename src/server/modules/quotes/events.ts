/** What a quote event says: enough for a notification, an e-mail or a webhook without another query. */
export type QuotePayload = {
  quoteId: string;
  number: string;
  version: number;
  title: string;
  accountId: string;
  ownerId: string | null;
};

declare module '../../platform/events' {
  interface DomainEvents {
    /** A quote version went to the client by e-mail with its link. */
    'quote.sent': QuotePayload & { to: string };
    /** The client (link, portal) or the account manager for them accepted; the job exists. */
    'quote.accepted': QuotePayload & {
      jobId: string;
      jobNumber: string;
      totalCents: number;
      channel: string;
      decidedBy: string;
    };
    /** The client declined, with the reason. */
    'quote.declined': QuotePayload & { reason: string; channel: string; decidedBy: string };
  }
}
