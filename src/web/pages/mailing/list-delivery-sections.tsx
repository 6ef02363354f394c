import { useState } from 'react';
import { Anchor, Button, Card, Group, NumberInput, Table, Text, TextInput } from '@mantine/core';
import type { ImbAssignment, MailingList } from '../../../shared/mailing';
import { reportError, saved } from '../../app/feedback';
import { mailingLinks, useApplyToJob, useAssignImb, useMailDrops, useRecordDrop } from '../../data/mailing';

const money = (cents: number | null) =>
  cents === null
    ? '—'
    : `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const n = (x: number) => x.toLocaleString('en-US');

/** IMb serials and the files: cleaned list, proof, report. */
export function OutputsSection({ list, canEdit }: { list: MailingList; canEdit: boolean }) {
  const assignImb = useAssignImb(list.id);
  const [assigned, setAssigned] = useState<ImbAssignment | null>(null);
  const [busy, setBusy] = useState(false);
  if (!list.standardizedAt) return null;
  const assign = async () => {
    setBusy(true);
    try {
      setAssigned(await assignImb.mutateAsync());
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const link = (params: Parameters<typeof mailingLinks.export>[1], label: string) => (
    <Anchor href={mailingLinks.export(list.id, params)} size="sm">
      {label}
    </Anchor>
  );
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Barcodes and files
      </Text>
      <Group mb="xs">
        {canEdit && (
          <Button size="xs" variant="default" loading={busy} onClick={() => void assign()}>
            {list.imbAssignedAt ? 'Reassign IMb serials' : 'Assign IMb serials'}
          </Button>
        )}
        <Text size="sm" c="dimmed">
          {list.imbAssignedAt
            ? `Serials assigned ${new Date(list.imbAssignedAt).toLocaleString()}`
            : 'No IMb serials yet'}
        </Text>
      </Group>
      {assigned && (
        <Text size="sm" mb="xs">
          {n(assigned.pieces)} pieces, serials {assigned.firstSerial}–{assigned.lastSerial} on Mailer ID{' '}
          {assigned.mailerId}
        </Text>
      )}
      <Group>
        {link({ format: 'csv' }, 'Cleaned list (CSV)')}
        {link({ format: 'xlsx' }, 'Cleaned list (Excel)')}
        {link({ format: 'proof', pieces: 25 }, 'Mail-merge proof, first 25 (PDF)')}
      </Group>
    </Card>
  );
}

/** Puts pieces and drop date on the job and records mail drops. */
export function DropSection({ list, canEdit }: { list: MailingList; canEdit: boolean }) {
  const drops = useMailDrops(list.id);
  const recordDrop = useRecordDrop(list.id);
  const applyToJob = useApplyToJob(list.id);
  const [form, setForm] = useState({ dropDate: '', postOffice: '', pieces: list.mailable ?? 0, postage: 0 });
  const record = async () => {
    try {
      await recordDrop.mutateAsync({
        dropDate: form.dropDate,
        postOffice: form.postOffice,
        pieces: form.pieces,
        postageCents: Math.round(form.postage * 100),
      });
      saved('Mail drop recorded');
    } catch (err) {
      reportError(err);
    }
  };
  const apply = async () => {
    try {
      await applyToJob.mutateAsync(undefined);
      saved('Pieces and drop date are on the job');
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Mail drop</Text>
        {canEdit && list.jobItemId && list.mailable !== null && (
          <Button size="xs" variant="default" onClick={() => void apply()}>
            Put {n(list.mailable)} pieces on the job
          </Button>
        )}
      </Group>
      <Table fz="sm">
        <Table.Tbody>
          {drops.data?.items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{d.dropDate}</Table.Td>
              <Table.Td>{d.postOffice}</Table.Td>
              <Table.Td>{n(d.pieces)} pieces</Table.Td>
              <Table.Td>{money(d.postageCents)}</Table.Td>
              <Table.Td>{d.recordedBy}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!drops.data?.items.length && (
        <Text size="sm" c="dimmed">
          No drop recorded yet.
        </Text>
      )}
      {canEdit && (
        <Group align="flex-end" mt="xs">
          <TextInput
            label="Drop date"
            placeholder="YYYY-MM-DD"
            value={form.dropDate}
            onChange={(e) => setForm({ ...form, dropDate: e.currentTarget.value })}
          />
          <TextInput
            label="Post office"
            value={form.postOffice}
            onChange={(e) => setForm({ ...form, postOffice: e.currentTarget.value })}
          />
          <NumberInput
            label="Pieces"
            min={1}
            value={form.pieces}
            onChange={(v) => setForm({ ...form, pieces: Number(v) || 0 })}
          />
          <NumberInput
            label="Postage ($)"
            min={0}
            decimalScale={2}
            value={form.postage}
            onChange={(v) => setForm({ ...form, postage: Number(v) || 0 })}
          />
          <Button onClick={() => void record()}>Record drop</Button>
        </Group>
      )}
    </Card>
  );
}
