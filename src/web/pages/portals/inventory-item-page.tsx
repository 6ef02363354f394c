import { useState } from 'react';
import {
  Anchor,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { BinLocation } from './bin-location';
import { Link, useNavigate, useParams } from 'react-router';
import { reportError, saved } from '../../app/feedback';
import { useInventoryItem, useInventoryMovements, useRecordMovement, useReprint } from '../../data/portals';
import { dateTime, ErrorBox, humanize, LoadMore, Loading, PageHeader } from '../../app/ui';
import { LowBadge } from './inventory-page';

function Figure({
  label,
  value,
  unit,
  warn,
}: {
  label: string;
  value: number;
  unit?: string;
  warn?: boolean;
}) {
  return (
    <Card withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={warn ? 'red' : undefined}>
        {value.toLocaleString()}{' '}
        <Text span size="sm" c="dimmed">
          {unit}
        </Text>
      </Text>
    </Card>
  );
}

const kindHelp = {
  receipt: 'Units received (from a job that printed to stock, or delivered by the client)',
  adjustment: 'Change, + in or − out',
  count: 'Counted on the shelf',
} as const;

/** One inventory item: its figures, the movements behind them, receive/adjust/count, and a reprint job. */
export function InventoryItemPage() {
  const { id } = useParams() as { id: string };
  const navigate = useNavigate();
  const item = useInventoryItem(id);
  const movements = useInventoryMovements(id);
  const recordMovement = useRecordMovement(id);
  const reprintItem = useReprint(id);
  // One key per visit of the page: a second click, or a second confirm, answers the same reprint job.
  const [reprintKey] = useState(() => crypto.randomUUID());
  const [kind, setKind] = useState<keyof typeof kindHelp>('receipt');
  const [quantity, setQuantity] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  if (item.error) return <ErrorBox error={item.error} />;
  if (!item.data) return <Loading />;
  const i = item.data;
  const record = async () => {
    setBusy(true);
    try {
      await recordMovement.mutateAsync({ kind, quantity: Number(quantity), reason });
      saved(`${i.sku}: ${humanize(kind).toLowerCase()} recorded`);
      setQuantity('');
      setReason('');
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const reprint = () =>
    modals.openConfirmModal({
      title: `Create a reprint job for ${i.sku}?`,
      children: (
        <Text size="sm">
          A job for {i.account.name} is made from the product’s specs for {i.reorderQuantity.toLocaleString()}{' '}
          {i.unit}; it opens when it is ready.
        </Text>
      ),
      labels: { confirm: 'Create reprint job', cancel: 'Cancel' },
      onConfirm: async () => {
        try {
          const { jobId } = await reprintItem.mutateAsync(reprintKey);
          saved('Reprint job created');
          navigate(`/jobs/${jobId}`);
        } catch (err) {
          reportError(err);
        }
      },
    });
  return (
    <>
      <PageHeader
        title={
          <>
            {i.sku} · {i.name}
            {i.low && <LowBadge />}
          </>
        }
        sub={
          <>
            <Anchor component={Link} to={`/accounts/${i.account.id}`} size="sm">
              {i.account.name}
            </Anchor>
            {i.location ? ` · ${i.location}` : ''} ·{' '}
            <Anchor component={Link} to={`/inventory?accountId=${i.account.id}`} size="sm">
              all items of the account
            </Anchor>
          </>
        }
      >
        <Button
          variant={i.low ? 'filled' : 'default'}
          onClick={reprint}
          loading={reprintItem.isPending}
          disabled={reprintItem.isPending}
        >
          Create reprint job
        </Button>
      </PageHeader>
      <Stack>
        <BinLocation key={i.location ?? ''} item={i} />
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Figure label="On hand" value={i.onHand} unit={i.unit} />
          <Figure label="Reserved by orders" value={i.reserved} />
          <Figure label="Available" value={i.available} warn={i.low} />
          <Figure label="Reorder point" value={i.reorderPoint} />
          <Figure label="Reorder quantity" value={i.reorderQuantity} />
        </SimpleGrid>
        <Card withBorder>
          <Text fw={600} mb="xs">
            Change stock
          </Text>
          <Group align="flex-end">
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v as typeof kind)}
              data={[
                { value: 'receipt', label: 'Receive' },
                { value: 'adjustment', label: 'Adjust ±' },
                { value: 'count', label: 'Count' },
              ]}
            />
            <NumberInput
              label={kind === 'count' ? 'Counted' : 'Quantity'}
              w={200}
              allowDecimal={false}
              allowNegative={kind === 'adjustment'}
              thousandSeparator
              value={quantity}
              onChange={setQuantity}
            />
            <TextInput
              label="Reason"
              w={280}
              placeholder={kind === 'receipt' ? 'Job J-… printed to stock' : ''}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Button onClick={record} loading={busy} disabled={quantity === '' || !reason.trim()}>
              Record
            </Button>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {kindHelp[kind]}
          </Text>
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            Movements
          </Text>
          {movements.error ? (
            <ErrorBox error={movements.error} />
          ) : (
            <Table aria-label="Movements">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th ta="right">Change</Table.Th>
                  <Table.Th ta="right">On hand after</Table.Th>
                  <Table.Th ta="right">Reserved after</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th>By</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {movements.items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{dateTime(m.at)}</Table.Td>
                    <Table.Td>{humanize(m.kind)}</Table.Td>
                    <Table.Td ta="right" c={m.quantity < 0 ? 'red' : undefined}>
                      {m.quantity > 0 ? '+' : ''}
                      {m.quantity.toLocaleString()}
                    </Table.Td>
                    <Table.Td ta="right">{m.onHandAfter.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{m.reservedAfter.toLocaleString()}</Table.Td>
                    <Table.Td>
                      {m.reason}
                      {m.orderId && (
                        <Anchor component={Link} to={`/orders/${m.orderId}`} size="sm" ml={6}>
                          order
                        </Anchor>
                      )}
                    </Table.Td>
                    <Table.Td>{m.actor}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <LoadMore
            hasMore={movements.hasMore}
            loading={movements.loadingMore}
            onClick={movements.loadMore}
          />
        </Card>
      </Stack>
    </>
  );
}
