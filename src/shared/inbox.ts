import { z } from 'zod';
import { ListQuery, optionalText, trimmed } from './common';

export const ConversationStatus = z.enum(['open', 'waiting_on_client', 'waiting_on_us', 'resolved']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;
export const conversationStatusLabels: Record<ConversationStatus, string> = {
  open: 'Open',
  waiting_on_client: 'Waiting on client',
  waiting_on_us: 'Waiting on us',
  resolved: 'Resolved',
};
export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;

const Ref = z.object({ id: z.uuid(), name: z.string() });
const JobRef = z.object({ id: z.uuid(), number: z.string(), title: z.string() });

export const Target = z.object({
  dueAt: z.string().nullable(),
  metAt: z.string().nullable(),
  /** Business minutes left (negative when breached); null when met, paused or without a target. */
  minutesLeft: z.number().int().nullable(),
  breached: z.boolean(),
  paused: z.boolean(),
});
export type Target = z.infer<typeof Target>;

export const ConversationSummary = z.object({
  id: z.uuid(),
  subject: z.string(),
  status: ConversationStatus,
  priority: Priority,
  account: Ref.nullable(),
  contact: Ref.extend({ email: z.string().nullable() }).nullable(),
  fromAddress: z.string().nullable(),
  assignee: Ref.nullable(),
  job: JobRef.nullable(),
  tags: z.array(z.string()),
  lastMessageAt: z.string(),
  lastInboundAt: z.string().nullable(),
  preview: z.string(),
  messageCount: z.number().int(),
  firstResponse: Target,
  resolution: Target,
  createdAt: z.string(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const MessageAttachment = z.object({
  index: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export const MessageStatus = z.enum(['received', 'queued', 'sending', 'sent', 'outbox', 'failed', 'bounced']);
export const Message = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  direction: z.enum(['in', 'out']),
  messageId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  from: z.string(),
  fromName: z.string().nullable(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  /** Sanitised HTML (no scripts, handlers, javascript: links; remote images blocked unless asked). */
  safeHtml: z.string().nullable(),
  remoteImagesBlocked: z.boolean(),
  attachments: z.array(MessageAttachment),
  status: MessageStatus,
  error: z.string().nullable(),
  author: z.string().nullable(),
  source: z.enum(['smtp', 'imap', 'http', 'app']),
  at: z.string(),
});
export type Message = z.infer<typeof Message>;

export const Call = z.object({
  id: z.uuid(),
  account: Ref,
  contact: Ref.nullable(),
  conversationId: z.uuid().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  durationMinutes: z.number().int(),
  summary: z.string(),
  occurredAt: z.string(),
  followUp: z.object({ task: z.string(), dueOn: z.string(), doneAt: z.string().nullable() }).nullable(),
  loggedBy: z.string().nullable(),
});
export type Call = z.infer<typeof Call>;

export const Attendee = z.object({
  name: z.string(),
  email: z.string(),
  contactId: z.uuid().nullable(),
  /** IANA zone the attendee reads the invitation in (shown in the e-mail). */
  timeZone: z.string().nullable(),
});
export const Meeting = z.object({
  id: z.uuid(),
  account: Ref,
  conversationId: z.uuid().nullable(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string().nullable(),
  agenda: z.string().nullable(),
  notes: z.string().nullable(),
  attendees: z.array(Attendee),
  organizer: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  /** The invitation's iCalendar SEQUENCE: 0 as first sent, one more with each update or the cancel. */
  sequence: z.number().int(),
  inviteUrl: z.string(),
});
export type Meeting = z.infer<typeof Meeting>;

export const ConversationDetail = ConversationSummary.extend({
  messages: z.array(Message),
  calls: z.array(Call),
  meetings: z.array(Meeting),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

export const ConversationView = z.enum(['mine', 'unassigned', 'unmatched', 'open', 'all']);
export const ConversationListQuery = ListQuery.extend({
  view: ConversationView.default('open'),
  status: ConversationStatus.optional(),
  accountId: z.uuid().optional(),
  jobId: z.uuid().optional(),
  tag: z.string().max(60).optional(),
}).strict();

const Tag = z.string().trim().min(1).max(40);
export const UpdateConversation = z
  .object({
    status: ConversationStatus.optional(),
    priority: Priority.optional(),
    assigneeId: z.uuid().nullable().optional(),
    jobId: z.uuid().nullable().optional(),
    tags: z.array(Tag).max(20).optional(),
    subject: trimmed(300).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change');

export const LinkSender = z.object({ contactId: z.uuid(), remember: z.boolean().default(true) }).strict();

export const UploadedAttachment = z
  .object({
    filename: trimmed(200),
    contentType: z.string().trim().min(3).max(120).default('application/octet-stream'),
    contentBase64: z.base64().max(14_000_000, 'Attachments are limited to about 10 MB'),
  })
  .strict();

export const SendReply = z
  .object({
    body: z.string().trim().max(100_000).default(''),
    templateKey: z.string().max(80).optional(),
    to: z.array(z.email()).max(20).optional(),
    cc: z.array(z.email()).max(20).default([]),
    attachments: z.array(UploadedAttachment).max(10).default([]),
    signature: z.boolean().default(true),
    /** The message this answers (In-Reply-To, References and the quote); default the latest one. */
    answers: z.uuid().optional(),
    /** Quote the answered message below the reply ("On …, … wrote:" and `>` lines; a blockquote in HTML). */
    quote: z.boolean().default(true),
    /** The conversation's status after sending; replying usually hands it to the client. */
    status: ConversationStatus.default('waiting_on_client'),
  })
  .strict()
  .refine((v) => v.body.length > 0 || v.templateKey, {
    message: 'Write a reply or pick a template',
    path: ['body'],
  });

export const CreateCall = z
  .object({
    accountId: z.uuid(),
    contactId: z.uuid().nullable().optional(),
    conversationId: z.uuid().nullable().optional(),
    direction: z.enum(['inbound', 'outbound']),
    durationMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    summary: trimmed(10_000),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    followUp: z
      .object({ task: trimmed(500), dueOn: z.iso.date() })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export const UpdateCall = z
  .object({ followUpDone: z.boolean().optional(), summary: trimmed(10_000).optional() })
  .strict();
export const CallListQuery = ListQuery.extend({
  accountId: z.uuid().optional(),
  followUpsDue: z.enum(['true', 'false']).optional(),
}).strict();

export const AttendeeInput = z
  .object({
    name: trimmed(200),
    email: z.email(),
    contactId: z.uuid().nullable().optional(),
    timeZone: z.string().max(60).nullable().optional(),
  })
  .strict();
export const CreateMeeting = z
  .object({
    accountId: z.uuid(),
    conversationId: z.uuid().nullable().optional(),
    title: trimmed(300),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    place: optionalText(500),
    agenda: optionalText(10_000),
    attendees: z.array(AttendeeInput).min(1, 'Invite at least one attendee').max(50),
    sendInvites: z.boolean().default(true),
  })
  .strict()
  .refine((v) => new Date(v.endsAt) > new Date(v.startsAt), {
    message: 'The meeting must end after it starts',
    path: ['endsAt'],
  });
/**
 * Notes afterwards; a new time, title, place or agenda (attendees get the updated invitation: same UID,
 * higher SEQUENCE); or cancelling (attendees get a CANCEL).
 */
export const UpdateMeeting = z
  .object({
    notes: optionalText(50_000),
    cancel: z.boolean().optional(),
    title: trimmed(300).optional(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    place: optionalText(500),
    agenda: optionalText(10_000),
    /** E-mail the attendees the updated invitation (default); off for a change they already know of. */
    sendUpdates: z.boolean().default(true),
  })
  .strict()
  .refine((v) => !v.startsAt || !v.endsAt || new Date(v.endsAt) > new Date(v.startsAt), {
    message: 'The meeting must end after it starts',
    path: ['endsAt'],
  })
  .refine(
    (v) => !v.cancel || [v.title, v.startsAt, v.endsAt, v.place, v.agenda].every((x) => x === undefined),
    { message: 'Cancel the meeting or change it, not both', path: ['cancel'] },
  );
export const MeetingListQuery = ListQuery.extend({ accountId: z.uuid().optional() }).strict();

export const Signature = z.object({ text: z.string().max(2000) }).strict();

export const InboxMyDay = z.object({
  unanswered: z.array(ConversationSummary),
  followUps: z.array(Call),
});
export type InboxMyDay = z.infer<typeof InboxMyDay>;

export const InboundResult = z.object({
  status: z.enum(['threaded', 'new', 'unmatched', 'duplicate', 'bounce']),
  conversationId: z.uuid().nullable(),
  messageId: z.uuid().nullable(),
});

export const ResponseTargetRow = z
  .object({
    priority: Priority,
    segment: z.enum(['state', 'education', 'corporate', 'other']).nullable(),
    firstResponseMinutes: z.number().int().min(1).max(100_000),
    resolutionMinutes: z.number().int().min(1).max(1_000_000),
  })
  .strict();
export const ResponseTargets = z.object({ items: z.array(ResponseTargetRow).max(40) }).strict();
