import { useEffect, useRef, useState } from 'react';
import {
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useNavigate } from 'react-router';
import { segmentLabels, type Segment } from '../../../shared/accounts';
import {
  categoryLabels,
  severityLabels,
  type EscalationCategory,
  type Severity,
} from '../../../shared/escalations';
import type { ConversationDetail } from '../../../shared/inbox';
import { EscalateConversation, SenderToClient } from '../../../shared/inbox-actions';
import { reportError, saved } from '../../app/feedback';
import { useAccountPick } from '../../data/accounts';
import { useEscalateConversation, useSenderSuggestion, useSenderToClient } from '../../data/inbox-actions';

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

type Choice = { kind: 'existing'; id: string } | { kind: 'search' } | { kind: 'new' };

/**
 * Turns an unknown sender into a contact: of an account whose people write from the same domain (suggested),
 * another account found by name, or a new account made here — and links the conversation. With `escalate`,
 * the same dialog escalates the thread once its client is named (one request: all or nothing).
 */
export function SenderToClientModal({
  c,
  escalate = false,
  onClose,
}: {
  c: ConversationDetail;
  escalate?: boolean;
  onClose: () => void;
}) {
  const suggestion = useSenderSuggestion(c.id, true);
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [title, setTitle] = useState('');
  const [choice, setChoice] = useState<Choice>({ kind: 'new' });
  const [accountName, setAccountName] = useState('');
  const [segment, setSegment] = useState<Segment>('corporate');
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search, 200);
  const [pickedId, setPickedId] = useState<string | null>(null);
  const [remember, setRemember] = useState(true);
  const [escTitle, setEscTitle] = useState(c.subject);
  const [severity, setSeverity] = useState<Severity>('S3');
  const [category, setCategory] = useState<EscalationCategory>('service');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const picks = useAccountPick(term, choice.kind === 'search');
  const toClient = useSenderToClient(c.id);
  const toEscalation = useEscalateConversation(c.id);
  const navigate = useNavigate();
  // Fill in the suggestion once it arrives; the user edits from there.
  const seeded = useRef(false);
  useEffect(() => {
    const s = suggestion.data;
    if (!s || seeded.current) return;
    seeded.current = true;
    setFirstName(s.firstName);
    setLastName(s.lastName);
    setAccountName(s.newAccountName);
    if (s.accounts[0]) setChoice({ kind: 'existing', id: s.accounts[0].id });
  }, [suggestion.data]);

  const account =
    choice.kind === 'existing'
      ? { accountId: choice.id }
      : choice.kind === 'search'
        ? pickedId
          ? { accountId: pickedId }
          : {}
        : { newAccount: { name: accountName.trim(), segment } };
  const sender = {
    firstName: firstName.trim(),
    lastName: lastName.trim(),
    title: title.trim() || null,
    remember,
    ...account,
  };
  const escalation = {
    title: escTitle.trim(),
    description: description.trim() || null,
    severity,
    category,
    sender,
  };
  /** Checked with the server's own schemas; their messages land on the fields they name. */
  const check = () => {
    const result = escalate ? EscalateConversation.safeParse(escalation) : SenderToClient.safeParse(sender);
    const e: Record<string, string> = {};
    if (choice.kind === 'search' && !pickedId) e.accountId = 'Choose the account';
    for (const issue of result.success ? [] : result.error.issues) {
      const path = issue.path.join('.').replace(/^sender\./, '');
      const field =
        path === 'newAccount.name' ? 'accountName' : path === 'title' && !escalate ? 'jobTitle' : path;
      e[field] ??= issue.message;
    }
    setErrors(e);
    return Object.keys(e).length === 0;
  };
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    if (!check()) return;
    if (escalate) {
      toEscalation.mutate(escalation, {
        onSuccess: (e) => {
          saved(`Escalation ${e.number} opened for ${sender.firstName} ${sender.lastName}’s client`);
          onClose();
          void navigate(`/escalations/${e.id}`);
        },
        onError: (err) => reportError(err),
      });
      return;
    }
    toClient.mutate(sender, {
      onSuccess: (r) => {
        saved(
          r.account.created
            ? `${r.contact.name} added to the new account ${r.account.name}`
            : `${r.contact.name} added to ${r.account.name}`,
        );
        onClose();
      },
      onError: (err) => reportError(err),
    });
  };
  const s = suggestion.data;
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        escalate
          ? 'Escalate: first, whose client is this?'
          : `New contact from ${c.fromAddress ?? 'this sender'}`
      }
    >
      {!s ? (
        <Loader size="sm" />
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm" c="dimmed">
              {s.displayName ? `${s.displayName} <${s.address}>` : s.address}
              {s.freeMail ? ' — a public mail service: its domain says nothing about the client.' : ''}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label="First name"
                required
                data-autofocus
                value={firstName}
                error={errors.firstName}
                onChange={(e) => setFirstName(e.currentTarget.value)}
              />
              <TextInput
                label="Last name"
                required
                value={lastName}
                error={errors.lastName}
                onChange={(e) => setLastName(e.currentTarget.value)}
              />
              <TextInput
                label="Job title"
                value={title}
                error={errors.jobTitle}
                onChange={(e) => setTitle(e.currentTarget.value)}
              />
            </SimpleGrid>
            <Radio.Group
              label="Account"
              value={choice.kind === 'existing' ? `existing:${choice.id}` : choice.kind}
              onChange={(v) =>
                setChoice(
                  v.startsWith('existing:')
                    ? { kind: 'existing', id: v.slice(9) }
                    : { kind: v as 'search' | 'new' },
                )
              }
            >
              <Stack gap="xs" mt={4}>
                {s.accounts.map((a) => (
                  <Radio
                    key={a.id}
                    value={`existing:${a.id}`}
                    label={`${a.name} — ${a.contacts} contact${a.contacts === 1 ? '' : 's'} at @${s.domain}`}
                  />
                ))}
                <Radio value="search" label="Another account" />
                <Radio value="new" label="A new account" />
              </Stack>
            </Radio.Group>
            {choice.kind === 'search' && (
              <Select
                label="Find the account"
                searchable
                error={errors.accountId}
                onSearchChange={setSearch}
                data={(picks.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
                value={pickedId}
                onChange={setPickedId}
              />
            )}
            {choice.kind === 'new' && (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label="New account’s name"
                  required
                  value={accountName}
                  error={errors.accountName}
                  onChange={(e) => setAccountName(e.currentTarget.value)}
                />
                <Select
                  label="Segment"
                  allowDeselect={false}
                  value={segment}
                  data={options(segmentLabels)}
                  onChange={(v) => v && setSegment(v as Segment)}
                />
              </SimpleGrid>
            )}
            <Checkbox
              label="Match this address to the contact from now on"
              checked={remember}
              onChange={(e) => setRemember(e.currentTarget.checked)}
            />
            {escalate && (
              <>
                <TextInput
                  label="What is wrong"
                  required
                  value={escTitle}
                  error={errors.title}
                  onChange={(e) => setEscTitle(e.currentTarget.value)}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label="Severity"
                    allowDeselect={false}
                    value={severity}
                    data={options(severityLabels)}
                    onChange={(v) => v && setSeverity(v as Severity)}
                  />
                  <Select
                    label="Category"
                    allowDeselect={false}
                    value={category}
                    data={options(categoryLabels)}
                    onChange={(v) => v && setCategory(v as EscalationCategory)}
                  />
                </SimpleGrid>
                <Textarea
                  label="Details"
                  autosize
                  minRows={2}
                  value={description}
                  onChange={(e) => setDescription(e.currentTarget.value)}
                />
              </>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={toClient.isPending || toEscalation.isPending}>
                {escalate ? 'Create the contact and escalate' : 'Create the contact and link'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
