import { useState } from 'react';
import {
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Anchor,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { can } from '../../../shared/permissions';
import { materialKindLabels } from '../../../shared/purchasing';
import { useUser } from '../../app/auth';
import { reportError, saved } from '../../app/feedback';
import { dateTime, ErrorBox, humanize, LoadMore, Loading, PageHeader } from '../../app/ui';
import { useJobPick } from '../../data/jobs';
import { useMaterial, useMoveStock, useMovements } from '../../data/purchasing';
import { MaterialForm } from './material-form';

function Figure({ label, value, unit }: { label: string; value: number; unit?: string }) {
  return (
    <Card withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value.toLocaleString()}{' '}
        <Text span size="sm" c="dimmed">
          {unit}
        </Text>
      </Text>
    </Card>
  );
}

/** A searchable choice of job by number or title, for issuing stock to it. */
function JobChoice({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search, 200);
  const jobs = useJobPick(undefined, term);
  return (
    <Select
      label="Job"
      placeholder="Search job number or title"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage="No job found"
      data={(jobs.data?.items ?? []).map((j) => ({ value: j.id, label: `${j.number} · ${j.title}` }))}
      value={value}
      onChange={onChange}
      w={260}
    />
  );
}

/** One material: its stock figures, the movements that made them, and a stock change (an issue to a job too). */
export function MaterialPage() {
  const { id } = useParams() as { id: string };
  const user = useUser();
  const material = useMaterial(id);
  const movements = useMovements(id);
  const moveStock = useMoveStock(id);
  const [kind, setKind] = useState<'adjustment' | 'count' | 'return' | 'issue'>('adjustment');
  const [jobId, setJobId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState(false);
  if (material.error) return <ErrorBox error={material.error} />;
  if (!material.data) return <Loading />;
  const m = material.data;
  const move = async () => {
    try {
      const next = await moveStock.mutateAsync({
        kind,
        quantity: Number(quantity),
        reason,
        ...(kind === 'issue' && jobId ? { jobId } : {}),
      });
      saved(`${m.sku}: ${next.stock.onHand.toLocaleString()} on hand`);
      setQuantity('');
      setReason('');
    } catch (err) {
      reportError(err);
    }
  };
  const spec = [
    m.spec.weight,
    m.spec.finish,
    m.spec.colour,
    m.spec.width && m.spec.height ? `${m.spec.width}×${m.spec.height} in` : null,
    m.spec.grain ? `${m.spec.grain} grain` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <PageHeader
        title={`${m.sku} · ${m.name}`}
        sub={`${materialKindLabels[m.kind]}${spec ? ` · ${spec}` : ''} · packs: ${m.packUnits.map((u) => `${u.name} = ${u.factor} ${m.unit}`).join(', ') || 'none'}${m.preferredVendor ? ` · from ${m.preferredVendor.name}` : ''}`}
      >
        {can(user.role, 'purchasing.buy') && (
          <Button variant="default" onClick={() => setEditing(true)}>
            Edit
          </Button>
        )}
      </PageHeader>
      <Stack>
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Figure label="On hand" value={m.stock.onHand} unit={m.unit} />
          <Figure label="Allocated to jobs" value={m.stock.allocated} />
          <Figure label="Available" value={m.stock.available} />
          <Figure label="On order" value={m.stock.onOrder} />
          <Figure label="Reorder point" value={m.reorderPoint} />
        </SimpleGrid>
        {m.stock.belowReorderPoint && (
          <Text c="orange" size="sm">
            Available plus on order is at or below the reorder point: order{' '}
            {m.reorderQuantity.toLocaleString()} {m.unit}.
          </Text>
        )}
        {can(user.role, 'purchasing.buy') && (
          <Card withBorder>
            <Text fw={600} mb="xs">
              Change stock
            </Text>
            <Group align="flex-end">
              <SegmentedControl
                value={kind}
                onChange={(v) => setKind(v as typeof kind)}
                data={[
                  { value: 'adjustment', label: 'Adjust ±' },
                  { value: 'count', label: 'Count' },
                  { value: 'return', label: 'Return to stock' },
                  { value: 'issue', label: 'Issue to a job' },
                ]}
              />
              {kind === 'issue' && <JobChoice value={jobId} onChange={setJobId} />}
              <NumberInput
                label={
                  kind === 'count'
                    ? 'Counted on the shelf'
                    : kind === 'issue'
                      ? `Quantity issued (${m.unit})`
                      : 'Quantity (+ in, − out)'
                }
                w={190}
                value={quantity}
                onChange={setQuantity}
              />
              <TextInput
                label="Reason"
                w={260}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              <Button
                onClick={move}
                disabled={quantity === '' || !reason.trim() || (kind === 'issue' && !jobId)}
              >
                Record
              </Button>
            </Group>
          </Card>
        )}
        <Card withBorder>
          <Text fw={600} mb="xs">
            Movements
          </Text>
          <Table aria-label="Movements">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th ta="right">Change</Table.Th>
                <Table.Th ta="right">On hand after</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>By</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {movements.items.map((mv) => (
                <Table.Tr key={mv.id}>
                  <Table.Td>{dateTime(mv.at)}</Table.Td>
                  <Table.Td>{humanize(mv.kind)}</Table.Td>
                  <Table.Td ta="right" c={mv.quantity < 0 ? 'red' : undefined}>
                    {mv.quantity > 0 ? '+' : ''}
                    {mv.quantity.toLocaleString()}
                  </Table.Td>
                  <Table.Td ta="right">{mv.onHandAfter.toLocaleString()}</Table.Td>
                  <Table.Td>
                    {mv.reason}
                    {mv.purchaseOrder && (
                      <Anchor
                        component={Link}
                        to={`/purchasing/orders/${mv.purchaseOrder.id}`}
                        size="sm"
                        ml={6}
                      >
                        {mv.purchaseOrder.number}
                      </Anchor>
                    )}
                    {mv.job && (
                      <Anchor component={Link} to={`/jobs/${mv.job.id}`} size="sm" ml={6}>
                        {mv.job.number}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td>{mv.actor}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <LoadMore
            hasMore={movements.hasMore}
            loading={movements.loadingMore}
            onClick={movements.loadMore}
          />
        </Card>
      </Stack>
      {editing && <MaterialForm material={m} opened={editing} onClose={() => setEditing(false)} />}
    </>
  );
}
