import { useEffect, useRef, useState } from 'react';
import { Anchor, Badge, Button, Checkbox, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconCalendarPlus, IconPhonePlus, IconUserPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ConversationDetail, ConversationStatus } from '../../../shared/inbox';
import { conversationStatusLabels } from '../../../shared/inbox';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { reportError, saved } from '../../app/feedback';
import { useAccountPick, useContacts } from '../../data/accounts';
import { useConversation, useLinkSender, useReply, useUpdateConversation } from '../../data/inbox';
import { ErrorBox, Loading } from '../../app/ui';
import { EscalateButton } from '../escalations/escalate-button';
import { CallItem, MeetingItem } from './activity';
import { CallForm } from './call-form';
import { ConversationFields, type ConversationPatch } from './conversation-fields';
import { MeetingForm } from './meeting-form';
import { MessageBody } from './message-body';
import { SaveAttachmentModal } from './save-attachment';
import { SenderToClientModal } from './sender-to-client';
import { TargetBadge } from './targets';

function LinkSender({ c }: { c: ConversationDetail }) {
  const [creating, setCreating] = useState(false);
  const user = useUser();
  const [search, setSearch] = useState('');
  const [accountId, setAccountId] = useState<string | null>(null);
  const accounts = useAccountPick(search);
  const contacts = useContacts(accountId);
  const linkSender = useLinkSender(c.id);
  const link = (contactId: string) =>
    linkSender.mutate(contactId, {
      onSuccess: () => saved('Linked; mail from this address will match from now on'),
      onError: (e) => reportError(e),
    });
  return (
    <Group align="flex-end">
      <Text size="sm">Unknown sender {c.fromAddress}. Link to:</Text>
      <Select
        label="Client"
        searchable
        onSearchChange={setSearch}
        data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
        value={accountId}
        onChange={setAccountId}
      />
      <Select
        label="Contact"
        disabled={!accountId}
        data={(contacts.data?.items ?? []).map((p) => ({
          value: p.id,
          label: `${p.firstName} ${p.lastName}`,
        }))}
        onChange={(v) => v && link(v)}
      />
      <Text size="sm">or</Text>
      {can(user.role, 'account.edit') && (
        <Button variant="default" leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
          New contact from sender
        </Button>
      )}
      {creating && <SenderToClientModal c={c} onClose={() => setCreating(false)} />}
    </Group>
  );
}

type Entry =
  | { kind: 'message'; at: string; m: ConversationDetail['messages'][number] }
  | { kind: 'call'; at: string; call: ConversationDetail['calls'][number] }
  | { kind: 'meeting'; at: string; meeting: ConversationDetail['meetings'][number] };

/** Messages, calls and meetings in one thread, oldest first (a meeting by its start). */
const thread = (c: ConversationDetail): Entry[] =>
  [
    ...c.messages.map((m): Entry => ({ kind: 'message', at: m.at, m })),
    ...c.calls.map((call): Entry => ({ kind: 'call', at: call.occurredAt, call })),
    ...c.meetings.map((meeting): Entry => ({ kind: 'meeting', at: meeting.startsAt, meeting })),
  ].sort((a, b) => a.at.localeCompare(b.at));

/**
 * One conversation: messages (HTML sandboxed), calls and meetings in one thread; status, assignee, priority,
 * job and tags; reply with templates, log a call, schedule a meeting, escalate.
 */
export function ConversationView({ id, replyFocus }: { id: string; replyFocus: number }) {
  const [body, setBody] = useState('');
  const [template, setTemplate] = useState<string | null>(null);
  const [form, setForm] = useState<'call' | 'meeting' | 'escalate' | null>(null);
  const [quote, setQuote] = useState(true);
  const [saving, setSaving] = useState<{ m: ConversationDetail['messages'][number]; index: number } | null>(
    null,
  );
  const user = useUser();
  const box = useRef<HTMLTextAreaElement>(null);
  const conv = useConversation(id);
  const update = useUpdateConversation();
  const reply = useReply(id);
  useEffect(() => {
    if (replyFocus) box.current?.focus();
  }, [replyFocus]);
  const patch = (input: ConversationPatch & { status?: ConversationStatus }) =>
    update.mutate({ id, ...input }, { onError: (e) => reportError(e) });
  const send = () =>
    reply.mutate(
      { body, templateKey: template ?? undefined, quote },
      {
        onSuccess: () => {
          setBody('');
          setTemplate(null);
          saved('Reply queued');
        },
        onError: (e) => reportError(e),
      },
    );
  if (conv.error) return <ErrorBox error={conv.error} />;
  if (!conv.data) return <Loading />;
  const c = conv.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3}>{c.subject}</Title>
          <Text size="sm" c="dimmed">
            {c.account ? (
              <Anchor component={Link} to={`/accounts/${c.account.id}`} size="sm">
                {c.account.name}
              </Anchor>
            ) : (
              'Unmatched sender'
            )}
            {c.contact ? ` · ${c.contact.name}` : ''}
            {c.job ? ' · ' : ''}
            {c.job && (
              <Anchor component={Link} to={`/jobs/${c.job.id}`} size="sm">
                {c.job.number}
              </Anchor>
            )}
            {c.assignee ? ` · assigned to ${c.assignee.name}` : ''}
          </Text>
        </div>
        <Group>
          <Select
            aria-label="Status"
            w={190}
            value={c.status}
            data={Object.entries(conversationStatusLabels).map(([value, label]) => ({ value, label }))}
            onChange={(v) => v && patch({ status: v as ConversationStatus })}
          />
          {c.account ? (
            <EscalateButton subject={{ conversationId: c.id }} defaultTitle={c.subject} />
          ) : (
            can(user.role, 'escalation.handle') &&
            can(user.role, 'account.edit') && (
              <Button
                color="red"
                variant="light"
                leftSection={<IconAlertTriangle size={16} />}
                onClick={() => setForm('escalate')}
              >
                Escalate
              </Button>
            )
          )}
        </Group>
      </Group>
      <Group gap="xs">
        <Badge variant="light">{conversationStatusLabels[c.status]}</Badge>
        <TargetBadge label="First response" target={c.firstResponse} />
        <TargetBadge label="Resolution" target={c.resolution} />
      </Group>
      {!c.account && <LinkSender c={c} />}
      <ConversationFields c={c} onPatch={patch} />
      {thread(c).map((e) =>
        e.kind === 'message' ? (
          <MessageBody
            key={e.m.id}
            m={e.m}
            onSave={
              c.account && e.m.direction === 'in' && can(user.role, 'job.files.add')
                ? (index) => setSaving({ m: e.m, index })
                : undefined
            }
          />
        ) : e.kind === 'call' ? (
          <CallItem key={e.call.id} call={e.call} />
        ) : (
          <MeetingItem key={e.meeting.id} meeting={e.meeting} />
        ),
      )}
      <Stack gap="xs">
        <Select
          label="Template"
          clearable
          w={260}
          value={template}
          onChange={setTemplate}
          data={[
            { value: 'inbox.acknowledge', label: 'We are on it' },
            { value: 'inbox.proof-ready', label: 'Proof ready' },
            { value: 'inbox.resolved', label: 'Resolved' },
          ]}
        />
        <Textarea
          ref={box}
          label="Reply"
          autosize
          minRows={4}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          placeholder="Merge fields such as {{contact.firstName}} are filled in; your signature is added."
        />
        <Checkbox
          label="Quote the message I answer"
          checked={quote}
          onChange={(e) => setQuote(e.currentTarget.checked)}
        />
        <Group>
          <Button onClick={send} loading={reply.isPending} disabled={!body.trim() && !template}>
            Send reply
          </Button>
          <Button
            variant="default"
            leftSection={<IconPhonePlus size={16} />}
            disabled={!c.account}
            onClick={() => setForm('call')}
          >
            Log a call
          </Button>
          <Button
            variant="default"
            leftSection={<IconCalendarPlus size={16} />}
            disabled={!c.account}
            onClick={() => setForm('meeting')}
          >
            Schedule a meeting
          </Button>
        </Group>
      </Stack>
      {saving && <SaveAttachmentModal c={c} target={saving} onClose={() => setSaving(null)} />}
      {!c.account && form === 'escalate' && (
        <SenderToClientModal c={c} escalate onClose={() => setForm(null)} />
      )}
      {c.account && form === 'call' && (
        <CallForm
          accountId={c.account.id}
          conversationId={c.id}
          contactId={c.contact?.id ?? null}
          onClose={() => setForm(null)}
        />
      )}
      {c.account && form === 'meeting' && (
        <MeetingForm
          accountId={c.account.id}
          conversationId={c.id}
          contactId={c.contact?.id ?? null}
          title={c.subject}
          onClose={() => setForm(null)}
        />
      )}
    </Stack>
  );
}
