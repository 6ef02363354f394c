import { useState } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { InventoryItemInput, type InventoryItem } from '../../../shared/portals';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useCreateInventoryItem, useInventory } from '../../data/portals';
import { ErrorBox, LoadMore, Loading, PageHeader } from '../../app/ui';
import { AccountPicker } from './account-picker';

export function LowBadge() {
  return (
    <Badge color="red" size="sm" ml="xs" style={{ overflow: 'visible' }}>
      Low
    </Badge>
  );
}

type ItemValues = {
  accountId: string | null;
  sku: string;
  name: string;
  unit: string;
  reorderPoint: number | string;
  reorderQuantity: number | string;
  location: string;
};

function NewItemForm({
  accountId,
  onSaved,
}: {
  accountId: string | null;
  onSaved: (i: InventoryItem) => void;
}) {
  const toInput = (v: ItemValues) => ({
    accountId: v.accountId ?? '',
    sku: v.sku,
    name: v.name,
    unit: v.unit,
    reorderPoint: Number(v.reorderPoint) || 0,
    reorderQuantity: Number(v.reorderQuantity) || 0,
    location: v.location.trim() || null,
  });
  const createItem = useCreateInventoryItem();
  const form = useForm<ItemValues>({
    initialValues: {
      accountId,
      sku: '',
      name: '',
      unit: 'each',
      reorderPoint: 0,
      reorderQuantity: 0,
      location: '',
    },
    validate: zodValidate(InventoryItemInput, toInput as never),
  });
  return (
    <form
      onSubmit={form.onSubmit(async (v) => {
        try {
          const item = await createItem.mutateAsync(InventoryItemInput.parse(toInput(v)));
          saved(`${item.sku} created`);
          onSaved(item);
        } catch (err) {
          reportError(err, form as never);
        }
      })}
    >
      <Stack>
        <AccountPicker
          label="Client account"
          withAsterisk
          value={form.values.accountId}
          error={form.errors.accountId}
          onChange={(id) => form.setFieldValue('accountId', id)}
        />
        <SimpleGrid cols={2}>
          <TextInput label="SKU" withAsterisk {...form.getInputProps('sku')} />
          <TextInput label="Unit" {...form.getInputProps('unit')} />
        </SimpleGrid>
        <TextInput label="Name" withAsterisk {...form.getInputProps('name')} />
        <SimpleGrid cols={3}>
          <NumberInput label="Reorder point" min={0} {...form.getInputProps('reorderPoint')} />
          <NumberInput label="Reorder quantity" min={0} {...form.getInputProps('reorderQuantity')} />
          <TextInput label="Location" placeholder="Aisle 4, bin 12" {...form.getInputProps('location')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit">Create item</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The inventory console: clients' stocked items by account, what is low, and into each item's movements. */
export function InventoryPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const accountId = params.get('accountId');
  const low = params.get('low') === 'true';
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const list = useInventory({
    accountId,
    low: low ? 'true' : undefined,
    limit: 100,
  });
  const needle = q.trim().toLowerCase();
  const items = needle
    ? list.items.filter((i) => `${i.sku} ${i.name} ${i.account.name}`.toLowerCase().includes(needle))
    : list.items;
  return (
    <>
      <PageHeader
        title="Inventory"
        sub="Client-owned stock in the warehouse: receive, adjust, count, reprint"
      >
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          New item
        </Button>
      </PageHeader>
      <Group mb="sm" align="flex-end">
        <AccountPicker
          aria-label="Account"
          placeholder="All accounts"
          clearable
          w={280}
          value={accountId}
          onChange={(id) => set('accountId', id)}
        />
        <TextInput
          placeholder="Filter by SKU or name"
          aria-label="Filter items"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <Button
          variant={low ? 'filled' : 'default'}
          aria-pressed={low}
          onClick={() => set('low', low ? null : 'true')}
        >
          Low stock only
        </Button>
      </Group>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : !items.length ? (
        <Text c="dimmed">{low ? 'Nothing is low.' : 'No items.'}</Text>
      ) : (
        <Table aria-label="Inventory items" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>SKU</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th ta="right">On hand</Table.Th>
              <Table.Th ta="right">Reserved</Table.Th>
              <Table.Th ta="right">Available</Table.Th>
              <Table.Th ta="right">Reorder at</Table.Th>
              <Table.Th>Location</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/inventory/${i.id}`} size="sm">
                    {i.sku}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {i.name}
                  {i.low && <LowBadge />}
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/accounts/${i.account.id}`} size="sm">
                    {i.account.name}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{i.onHand.toLocaleString()}</Table.Td>
                <Table.Td ta="right">{i.reserved.toLocaleString()}</Table.Td>
                <Table.Td ta="right" fw={600} c={i.low ? 'red' : undefined}>
                  {i.available.toLocaleString()} {i.unit}
                </Table.Td>
                <Table.Td ta="right">{i.reorderPoint.toLocaleString()}</Table.Td>
                <Table.Td>{i.location ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New inventory item">
        {creating && (
          <NewItemForm accountId={accountId} onSaved={(item) => navigate(`/inventory/${item.id}`)} />
        )}
      </Modal>
    </>
  );
}
