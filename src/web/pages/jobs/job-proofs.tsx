import { useEffect, useRef, useState } from 'react';
import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { productTypeName, type Job, type JobFile } from '../../../shared/jobs';
import { proofStateColour, proofTurnaround, type ProofState, type SentProof } from '../../../shared/proofs';
import { reportError, saved } from '../../app/feedback';
import { dateTime } from '../../app/ui';
import { useContacts } from '../../data/accounts';
import { jobLinks, useJobFiles } from '../../data/jobs';
import { useJobProofs, useSendProof } from '../../data/proofs';

const proofStateLabel: Record<ProofState, string> = {
  waiting: 'Waiting on the client',
  approved: 'Approved',
  changes_requested: 'Changes requested',
  superseded: 'Superseded',
  expired: 'Link expired',
};

type Item = Job['items'][number];
const itemName = (i: Item) => `${i.position}. ${i.description ?? productTypeName(i.productType)}`;

/** The newest version of each proof file that can be the proof of an item (its own, or the whole job's). */
function sendableFiles(files: JobFile[], itemId: string | null) {
  const newest = new Map<string, JobFile>();
  for (const f of files) {
    if (f.kind !== 'proof' || (f.itemId && f.itemId !== itemId)) continue;
    const key = `${f.itemId}:${f.name}`;
    if ((newest.get(key)?.version ?? 0) < f.version) newest.set(key, f);
  }
  return [...newest.values()];
}

function SendProofForm({ job, items }: { job: Job; items: Item[] }) {
  const files = useJobFiles(job.id);
  const contacts = useContacts(job.account.id);
  const send = useSendProof(job.id);
  const [itemId, setItemId] = useState<string | null>(items[0]?.id ?? null);
  const [fileId, setFileId] = useState<string | null>(null);
  const [contactId, setContactId] = useState<string | null>(job.contactId);
  const [message, setMessage] = useState('');
  const choices = sendableFiles(files.data?.items ?? [], itemId);
  const submit = async () => {
    if (!itemId || !fileId) return;
    try {
      const sent = await send.mutateAsync({
        itemId,
        fileId,
        ...(contactId ? { contactId } : {}),
        message: message.trim() || null,
      });
      saved(`Proof ${sent.file.name} v${sent.file.version} sent to ${sent.sentTo}`);
      setMessage('');
      setFileId(null);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="xs">
        <Select
          label="Item"
          w={200}
          allowDeselect={false}
          value={itemId}
          onChange={(v) => {
            setItemId(v);
            setFileId(null);
          }}
          data={items.map((i) => ({ value: i.id, label: itemName(i) }))}
        />
        <Select
          label="Proof file"
          w={240}
          placeholder={choices.length ? 'Choose a version' : 'Upload a proof below first'}
          value={fileId}
          onChange={setFileId}
          data={choices.map((f) => ({ value: f.id, label: `${f.name} v${f.version}` }))}
        />
        <Select
          label="Send to"
          w={240}
          placeholder="The job's contact"
          value={contactId}
          onChange={setContactId}
          data={(contacts.data?.items ?? [])
            .filter((c) => c.emails.length)
            .map((c) => ({ value: c.id, label: `${c.name} <${c.emails[0]}>` }))}
        />
      </Group>
      <Textarea
        label="Message (optional)"
        autosize
        minRows={1}
        maxLength={2000}
        value={message}
        onChange={(e) => setMessage(e.currentTarget.value)}
      />
      <Group>
        <Button
          leftSection={<IconSend size={14} />}
          onClick={submit}
          disabled={!itemId || !fileId}
          loading={send.isPending}
        >
          Send proof
        </Button>
      </Group>
    </Stack>
  );
}

function SentProofRow({ job, proof, now }: { job: Job; proof: SentProof; now: string }) {
  return (
    <Table.Tr>
      <Table.Td>{proof.itemPosition}</Table.Td>
      <Table.Td>
        <Anchor href={jobLinks.file(job.id, proof.file.id)} size="sm">
          {proof.file.name}
        </Anchor>{' '}
        <Text span size="xs" c="dimmed">
          v{proof.file.version}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{proof.sentTo}</Text>
        <Text size="xs" c="dimmed">
          {dateTime(proof.sentAt)}
          {proof.sentBy ? ` · ${proof.sentBy}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={proofStateColour[proof.state]} variant="light">
          {proofStateLabel[proof.state]}
        </Badge>
        <Text size="xs">{proofTurnaround(proof, now)}</Text>
      </Table.Td>
      <Table.Td>
        {proof.decidedBy && (
          <Text size="sm">
            {proof.decidedBy}
            {proof.decidedVia === 'portal' ? ' (portal)' : proof.decidedVia === 'staff' ? ' (by staff)' : ''}
          </Text>
        )}
        {proof.comment && (
          <Text size="xs" c="dimmed">
            “{proof.comment}”
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The job's proofs: send an item's proof version to the client by e-mail, and see each sent proof — which
 * version, to whom, where it stands and how long the client has taken.
 */
export function JobProofs({ job }: { job: Job }) {
  const items = job.items.filter((i) => i.proof !== 'none');
  const proofs = useJobProofs(job.id);
  // A decision recorded on the item (the select above) closes the proof sent for it: follow it here.
  const statuses = items.map((i) => i.proofStatus).join();
  const seen = useRef(statuses);
  const { refetch } = proofs;
  useEffect(() => {
    if (seen.current === statuses) return;
    seen.current = statuses;
    void refetch();
  }, [statuses, refetch]);
  if (!items.length) return null;
  const now = new Date().toISOString();
  const sent = proofs.data?.items ?? [];
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Proofs
      </Text>
      <SendProofForm job={job} items={items} />
      {sent.length === 0 ? (
        <Text size="sm" c="dimmed" mt="sm">
          No proof sent yet.
        </Text>
      ) : (
        <Table mt="sm" aria-label="Proofs sent">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Item</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Sent</Table.Th>
              <Table.Th>Where it stands</Table.Th>
              <Table.Th>Decided by</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sent.map((p) => (
              <SentProofRow key={p.id} job={job} proof={p} now={now} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
