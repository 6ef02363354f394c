import { useState } from 'react';
import {
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { Link, useParams } from 'react-router';
import { can } from '../../../shared/permissions';
import type { PurchaseOrder } from '../../../shared/purchasing';
import { poStatusMoves } from '../../../shared/status-machines';
import { reportError, saved } from '../../app/feedback';
import { useUser } from '../../app/auth';
import { dateTime, ErrorBox, Loading, PageHeader } from '../../app/ui';
import {
  usePurchaseOrder,
  useReceivePurchaseOrder,
  useSendPurchaseOrder,
  useUpdatePurchaseOrder,
} from '../../data/purchasing';
import { money, newIdempotencyKey, PoStatusBadge } from './badges';

type ReceiptRow = { lineId: string; quantity: number | string; damaged: number | string };

/** Counts what arrived against each line; one Idempotency-Key per opening makes a double submit harmless. */
function ReceiveDialog({ po, opened, onClose }: { po: PurchaseOrder; opened: boolean; onClose: () => void }) {
  const outstanding = (l: PurchaseOrder['lines'][number]) =>
    Math.max(0, l.orderedStockUnits - l.receivedStockUnits);
  const [rows, setRows] = useState<ReceiptRow[]>(() =>
    po.lines.map((l) => ({ lineId: l.id, quantity: outstanding(l), damaged: 0 })),
  );
  const [note, setNote] = useState('');
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const receive = useReceivePurchaseOrder(po.id);
  const set = (i: number, field: 'quantity' | 'damaged', v: number | string) =>
    setRows((r) => r.map((row, n) => (n === i ? { ...row, [field]: v } : row)));
  const submit = async () => {
    setBusy(true);
    try {
      const lines = rows
        .map((r) => ({
          lineId: r.lineId,
          quantity: Number(r.quantity) || 0,
          damaged: Number(r.damaged) || 0,
        }))
        .filter((r) => r.quantity + r.damaged > 0);
      await receive.mutateAsync({ lines, note: note || null, idempotencyKey: key });
      saved(`Received on ${po.number}`);
      onClose();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={`Receive ${po.number}`} size="lg">
      <Stack>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Material</Table.Th>
              <Table.Th ta="right">Outstanding</Table.Th>
              <Table.Th>Good</Table.Th>
              <Table.Th>Damaged</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {po.lines.map((l, i) => (
              <Table.Tr key={l.id}>
                <Table.Td>
                  {l.material.sku}
                  <Text size="xs" c="dimmed">
                    in {l.material.unit}s
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{outstanding(l).toLocaleString()}</Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Good ${l.material.sku}`}
                    min={0}
                    w={120}
                    value={rows[i]!.quantity}
                    onChange={(v) => set(i, 'quantity', v)}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Damaged ${l.material.sku}`}
                    min={0}
                    w={100}
                    value={rows[i]!.damaged}
                    onChange={(v) => set(i, 'damaged', v)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <TextInput
          label="Note"
          placeholder="Delivery note number, condition…"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button onClick={submit} loading={busy}>
            Record receipt
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function PurchaseOrderPage() {
  const { id } = useParams() as { id: string };
  const user = useUser();
  const po = usePurchaseOrder(id);
  const sendOrder = useSendPurchaseOrder(id);
  const updateOrder = useUpdatePurchaseOrder(id);
  const [receiving, setReceiving] = useState(false);
  const [sending, setSending] = useState(false);
  const [message, setMessage] = useState('');
  const [to, setTo] = useState('');
  if (po.error) return <ErrorBox error={po.error} />;
  if (!po.data) return <Loading />;
  const p = po.data;
  const buyer = can(user.role, 'purchasing.buy');
  const moves = poStatusMoves[p.status];
  const send = async () => {
    try {
      await sendOrder.mutateAsync({ to: to || undefined, message: message || null });
      saved(`${p.number} e-mailed to ${to || p.vendor.email}`);
      setSending(false);
    } catch (err) {
      reportError(err);
    }
  };
  const finish = (status: 'closed' | 'cancelled') =>
    modals.openConfirmModal({
      title: `${status === 'closed' ? 'Close' : 'Cancel'} ${p.number}?`,
      children: (
        <Text size="sm">
          {status === 'closed'
            ? 'Nothing more is expected; what was not received is taken off order.'
            : 'The vendor should not deliver it; jobs that waited on it show their shortage again.'}
        </Text>
      ),
      labels: { confirm: status === 'closed' ? 'Close it' : 'Cancel it', cancel: 'Back' },
      confirmProps: { color: status === 'cancelled' ? 'red' : undefined },
      onConfirm: async () => {
        try {
          await updateOrder.mutateAsync({ status });
        } catch (err) {
          reportError(err);
        }
      },
    });
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            {p.number} <PoStatusBadge status={p.status} overdue={p.overdue} />
          </Group>
        }
        sub={
          <>
            <Anchor component={Link} to={`/purchasing/vendors/${p.vendor.id}`}>
              {p.vendor.name}
            </Anchor>{' '}
            · expected {p.expectedDate ?? '—'} · {money(p.totalCents)}
          </>
        }
      >
        <Button variant="default" component="a" href={`/api/v1/purchase-orders/${p.id}.pdf`} target="_blank">
          PDF
        </Button>
        {buyer && ['draft', 'sent', 'partly_received'].includes(p.status) && (
          <Button variant={p.status === 'draft' ? 'filled' : 'default'} onClick={() => setSending(true)}>
            {p.status === 'draft' ? 'Send to vendor' : 'Send again'}
          </Button>
        )}
        {moves.includes('received') && <Button onClick={() => setReceiving(true)}>Receive</Button>}
        {buyer && moves.includes('closed') && (
          <Button variant="default" onClick={() => finish('closed')}>
            Close
          </Button>
        )}
        {buyer && moves.includes('cancelled') && (
          <Button variant="subtle" color="red" onClick={() => finish('cancelled')}>
            Cancel
          </Button>
        )}
      </PageHeader>
      <Stack>
        <Card withBorder>
          <Table aria-label="Lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Material</Table.Th>
                <Table.Th ta="right">Ordered</Table.Th>
                <Table.Th ta="right">Unit price</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th ta="right">Received</Table.Th>
                <Table.Th>For jobs</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/purchasing/materials/${l.material.id}`} size="sm">
                      {l.material.sku}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {l.material.name}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {l.quantity.toLocaleString()} {l.unit}
                    {l.unitFactor > 1 && (
                      <Text size="xs" c="dimmed">
                        = {l.orderedStockUnits.toLocaleString()} {l.material.unit}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{money(l.unitCostCents)}</Table.Td>
                  <Table.Td ta="right">{money(l.amountCents)}</Table.Td>
                  <Table.Td ta="right">
                    {l.receivedStockUnits.toLocaleString()}
                    {l.damagedStockUnits > 0 && (
                      <Text size="xs" c="red">
                        {l.damagedStockUnits.toLocaleString()} damaged
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {l.jobs.map((j) => (
                      <Anchor key={j.id} component={Link} to={`/jobs/${j.id}`} size="sm" display="block">
                        {j.number} ({j.quantity.toLocaleString()})
                      </Anchor>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Text fw={600} mb="xs">
              Sent
            </Text>
            <Text size="sm">{p.sentAt ? `${dateTime(p.sentAt)} to ${p.sentTo}` : 'Not sent yet'}</Text>
            {p.notes && (
              <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
                {p.notes}
              </Text>
            )}
          </Card>
          <Card withBorder>
            <Text fw={600} mb="xs">
              Receipts
            </Text>
            {p.receipts.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing received yet.
              </Text>
            ) : (
              p.receipts.map((r) => (
                <Text size="sm" key={r.id}>
                  {dateTime(r.at)} · {r.by}: {r.lines.reduce((s, l) => s + l.quantity, 0).toLocaleString()}{' '}
                  good
                  {r.lines.some((l) => l.damaged)
                    ? `, ${r.lines.reduce((s, l) => s + l.damaged, 0)} damaged`
                    : ''}
                  {r.note ? ` — ${r.note}` : ''}
                </Text>
              ))
            )}
          </Card>
        </SimpleGrid>
      </Stack>
      {receiving && <ReceiveDialog po={p} opened={receiving} onClose={() => setReceiving(false)} />}
      <Modal opened={sending} onClose={() => setSending(false)} title={`E-mail ${p.number} to the vendor`}>
        <Stack>
          <TextInput
            label="To"
            placeholder={p.vendor.email}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
          <Textarea
            label="Message"
            autosize
            minRows={3}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
          />
          <Text size="xs" c="dimmed">
            The purchase order goes as a PDF attachment.
          </Text>
          <Group justify="flex-end">
            <Button onClick={send}>Send</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
