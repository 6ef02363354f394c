import { z } from 'zod';
import { Segment } from './accounts';
import { optionalText, trimmed } from './common';
import { EscalationCategory, Severity } from './escalations';
import { ConversationSummary } from './inbox';

// What the inbox hands to other parts of the shop: an attachment to a job's files, an unknown sender to a
// new contact (and account), an unmatched thread to an escalation. The flows in src/server/flows/inbox-*.ts.

/** Save one attachment of an e-mail into a job's files: the conversation's job unless another is chosen. */
export const SaveAttachmentToJob = z
  .object({
    jobId: z.uuid().optional(),
    /** One item of the job, or null for the whole job. */
    itemId: z.uuid().nullable().optional(),
    kind: z.enum(['artwork', 'proof']),
  })
  .strict();
export type SaveAttachmentToJob = z.input<typeof SaveAttachmentToJob>;

/** What the inbox suggests for an unknown sender: a name from the From header and accounts by e-mail domain. */
export const SenderSuggestion = z.object({
  address: z.string().nullable(),
  displayName: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  domain: z.string().nullable(),
  /** A public mail service (gmail.com, outlook.com…): its domain says nothing about the client. */
  freeMail: z.boolean(),
  /** Accounts whose contacts write from the same domain, most contacts first. */
  accounts: z.array(z.object({ id: z.uuid(), name: z.string(), contacts: z.number().int() })),
  /** A name for a new account, from the domain (editable). */
  newAccountName: z.string(),
});
export type SenderSuggestion = z.infer<typeof SenderSuggestion>;

/** Turn an unknown sender into a contact of an existing account, or of a new account made here. */
export const SenderToClient = z
  .object({
    firstName: trimmed(80),
    lastName: trimmed(80),
    title: optionalText(120),
    /** An existing account the contact joins… */
    accountId: z.uuid().optional(),
    /** …or a new account (its owner: an account manager's own; admins and managers set it later). */
    newAccount: z
      .object({ name: trimmed(200), segment: Segment })
      .strict()
      .optional(),
    /** Remember the address so the sender's next e-mail matches at once (default). */
    remember: z.boolean().default(true),
  })
  .strict()
  .refine((v) => Boolean(v.accountId) !== Boolean(v.newAccount), {
    message: 'Choose an account or name a new one',
    path: ['accountId'],
  });
export type SenderToClient = z.input<typeof SenderToClient>;

export const SenderToClientResult = z.object({
  account: z.object({ id: z.uuid(), name: z.string(), created: z.boolean() }),
  contact: z.object({ id: z.uuid(), name: z.string() }),
  conversation: ConversationSummary,
});
export type SenderToClientResult = z.infer<typeof SenderToClientResult>;

/**
 * Escalate a conversation. An escalation belongs to a client and its account manager, so an unmatched
 * thread names its sender's client in the same request (`sender`), made first in the same transaction.
 */
export const EscalateConversation = z
  .object({
    title: trimmed(300),
    description: optionalText(10_000),
    severity: Severity,
    category: EscalationCategory,
    ownerId: z.uuid().optional(),
    sender: SenderToClient.optional(),
  })
  .strict();
export type EscalateConversation = z.input<typeof EscalateConversation>;
