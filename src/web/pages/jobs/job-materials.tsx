import { useState } from 'react';
import { ActionIcon, Anchor, Button, Card, Group, NumberInput, Select, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { productTypeName, type Job } from '../../../shared/jobs';
import type { JobMaterial } from '../../../shared/purchasing';
import { reportError, saved } from '../../app/feedback';
import {
  useAddJobMaterial,
  useAllMaterials,
  useJobMaterials,
  useRemoveJobMaterial,
} from '../../data/purchasing';
import { MaterialStatusBadge } from '../purchasing/badges';

/** What the job needs of each material, where it comes from (stock, an order) and what is still short. */
export function JobMaterials({ job, canEdit }: { job: Job; canEdit: boolean }) {
  const list = useJobMaterials(job.id);
  const materials = useAllMaterials(canEdit);
  const addMaterial = useAddJobMaterial(job.id);
  const removeMaterial = useRemoveJobMaterial(job.id);
  const [materialId, setMaterialId] = useState<string | null>(null);
  const [itemId, setItemId] = useState<string | null>(job.items[0]?.id ?? null);
  const [upCount, setUpCount] = useState<number | string>(1);
  const [spoilage, setSpoilage] = useState<number | string>(5);
  const [quantity, setQuantity] = useState<number | string>('');
  const [busy, setBusy] = useState(false);

  const add = async () => {
    if (!materialId) return;
    setBusy(true);
    try {
      const added = await addMaterial.mutateAsync({
        materialId,
        itemId,
        upCount: Number(upCount) || 1,
        spoilagePercent: Number(spoilage) || 0,
        ...(quantity === '' ? {} : { quantity: Number(quantity) }),
      });
      saved(
        `${added.quantity.toLocaleString()} ${added.material.unit} of ${added.material.sku}: ${added.allocated.toLocaleString()} from stock${added.shortage ? `, ${added.shortage.toLocaleString()} short` : ''}`,
      );
      setMaterialId(null);
      setQuantity('');
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = (m: JobMaterial) =>
    modals.openConfirmModal({
      title: `Remove ${m.material.sku} from ${job.number}?`,
      children: <Text size="sm">Its {m.allocated.toLocaleString()} allocated go back to free stock.</Text>,
      labels: { confirm: 'Remove', cancel: 'Keep' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await removeMaterial.mutateAsync(m.id);
        } catch (err) {
          reportError(err);
        }
      },
    });
  const items = list.data?.items ?? [];
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Materials</Text>
        {items.some((m) => m.shortage > 0) && (
          <Button size="xs" variant="light" component={Link} to="/purchasing">
            Order shortages
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed" mb="xs">
          No materials listed for this job yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Materials">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Material</Table.Th>
                <Table.Th ta="right">Needed</Table.Th>
                <Table.Th ta="right">From stock</Table.Th>
                <Table.Th ta="right">On order</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/purchasing/materials/${m.material.id}`} size="sm">
                      {m.material.sku}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {m.material.name}
                      {m.computed ? ` · ${m.upCount}-up, ${m.spoilagePercent}% spoilage` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {m.quantity.toLocaleString()} {m.material.unit}
                  </Table.Td>
                  <Table.Td ta="right">{m.allocated.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">
                    {m.onOrder.toLocaleString()}
                    {m.purchaseOrders.map((po) => (
                      <Anchor
                        key={po.id}
                        component={Link}
                        to={`/purchasing/orders/${po.id}`}
                        size="xs"
                        display="block"
                      >
                        {po.number}
                        {po.expectedDate ? ` · ${po.expectedDate}` : ''}
                      </Anchor>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    <MaterialStatusBadge status={m.status} />
                    {m.shortage > 0 && (
                      <Text size="xs" c="red">
                        {m.shortage.toLocaleString()} short
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${m.material.sku}`}
                        onClick={() => remove(m)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canEdit && (
        <Group align="flex-end" gap="xs" mt="sm" wrap="wrap">
          <Select
            label="Add material"
            placeholder="SKU or name"
            searchable
            w={260}
            value={materialId}
            onChange={setMaterialId}
            data={(materials.data?.items ?? []).map((m) => ({
              value: m.id,
              label: `${m.sku} · ${m.name} (${m.stock.available.toLocaleString()} free)`,
            }))}
          />
          <Select
            label="For item"
            w={170}
            value={itemId}
            onChange={setItemId}
            data={job.items.map((i) => ({
              value: i.id,
              label: `${i.position}. ${productTypeName(i.productType)} × ${i.quantity.toLocaleString()}`,
            }))}
          />
          <NumberInput label="Up" w={70} min={1} value={upCount} onChange={setUpCount} />
          <NumberInput label="Spoilage %" w={100} min={0} max={100} value={spoilage} onChange={setSpoilage} />
          <NumberInput
            label="Or quantity"
            placeholder="computed"
            w={120}
            min={1}
            value={quantity}
            onChange={setQuantity}
          />
          <Button onClick={add} loading={busy} disabled={!materialId}>
            Add
          </Button>
        </Group>
      )}
    </Card>
  );
}
