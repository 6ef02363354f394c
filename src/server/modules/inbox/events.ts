/** What the inbox says when a client's e-mail lands: enough for a notification without another query. */
export type MessageReceivedPayload = {
  conversationId: string;
  messageId: string;
  /** Who the conversation is assigned to, if anyone: the person to tell. */
  assigneeId: string | null;
  /** The sender as a person would name them: the display name, else the address. */
  from: string;
  subject: string;
};

/** A staff member was in touch with a client: a reply sent, a call or a meeting logged. */
export type ClientContactedPayload = {
  accountId: string;
  /** When the contact happened (never later than when it was recorded). */
  at: string;
  how: 'email_out' | 'call' | 'meeting';
};

declare module '../../platform/events' {
  interface DomainEvents {
    /** A client's e-mail landed in a conversation (new or threaded). */
    'conversation.message_received': MessageReceivedPayload;
    /** A reply went out to a client, or a call or meeting with one was logged. */
    'client.contacted': ClientContactedPayload;
  }
}
