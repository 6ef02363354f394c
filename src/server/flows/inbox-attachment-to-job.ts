import type { z } from 'zod';
import type { SaveAttachmentToJob } from '../../shared/inbox-actions';
import { recordAudit } from '../platform/audit';
import { AppError, conflict, invalid, notFound } from '../platform/errors';
import type { FileStore } from '../platform/files';
import type { ServiceContext } from '../platform/service-context';
import { findConversationLinks, getMessageRow, lockConversation } from '../modules/inbox';
import { getJob, uploadJobFile } from '../modules/jobs';

/** A name the job's files accept: no slashes or NULs (a mail client may send "C:\art\card.pdf"). */
const safeName = (name: string) =>
  name
    .split(/[/\\]/)
    .at(-1)!
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(-200) || 'attachment';

/**
 * Saves one attachment of an e-mail as artwork or a proof of the conversation's job (or another job of the
 * same client), through the jobs module's upload: the same content check, versioning and proof reopening as
 * a file uploaded on the job page. Audited on the job (by the upload) and on the conversation.
 */
export async function saveAttachmentToJob(
  opts: ServiceContext & {
    files: FileStore;
    messageId: string;
    index: number;
    input: z.output<typeof SaveAttachmentToJob>;
  },
) {
  const { db, actor, input } = opts;
  const message = await getMessageRow(db, opts.messageId);
  const attachment = message.attachments[opts.index];
  if (!attachment) throw notFound('Attachment');
  const conversation = await findConversationLinks(db, message.conversationId);
  if (!conversation) throw notFound('Conversation');
  if (!conversation.accountId)
    throw conflict('Link the sender to a client first: a job’s files come from its own client');
  const jobId = input.jobId ?? conversation.jobId;
  if (!jobId)
    throw invalid('Choose the job to save the file to', [
      { path: 'jobId', message: 'The conversation has no job; choose one' },
    ]);
  const job = await getJob({ db, id: jobId }).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'NOT_FOUND')
      throw invalid('The job was not found', [{ path: 'jobId', message: 'Unknown job' }]);
    throw e;
  });
  if (job.account.id !== conversation.accountId)
    throw invalid('The job belongs to another client', [{ path: 'jobId', message: 'Another client’s job' }]);
  // The conversation first, then the job (the upload locks it): one order for every save from the inbox.
  await lockConversation(db, conversation.id);
  const content = await opts.files.get(attachment.storageKey);
  const file = await uploadJobFile({
    ...opts,
    jobId: job.id,
    input: {
      itemId: input.itemId ?? null,
      kind: input.kind,
      filename: safeName(attachment.filename),
      contentType: attachment.contentType,
      contentBase64: content.toString('base64'),
    },
  });
  await recordAudit(db, actor, {
    action: 'conversation.attachment_saved',
    entityType: 'conversation',
    entityId: conversation.id,
    accountId: conversation.accountId,
    summary: `${attachment.filename} from the e-mail “${message.subject}” saved to ${job.number} as ${input.kind} v${file.version}`,
    after: { messageId: message.id, index: opts.index, jobId: job.id, fileId: file.id, kind: input.kind },
  });
  return file;
}
