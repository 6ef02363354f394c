import { useState } from 'react';
import { Anchor, Badge, Button, Group, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { can } from '../../../shared/permissions';
import { materialKindLabels } from '../../../shared/purchasing';
import { useUser } from '../../app/auth';
import { useMaterials, useVendors } from '../../data/purchasing';
import { ErrorBox, LoadMore, Loading, PageHeader } from '../../app/ui';
import { MaterialForm } from './material-form';
import { OrdersTab } from './orders-tab';
import { ShortagesTab } from './shortages';
import { ToReplenishSection } from './to-replenish';
import { VendorForm } from './vendor-form';

const tabs = ['shortages', 'orders', 'materials', 'vendors'] as const;

function MaterialsTab() {
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q, 250);
  const [low, setLow] = useState(false);
  const list = useMaterials({
    q: search,
    low: low ? 'true' : undefined,
    limit: 50,
  });
  return (
    <>
      <Group mb="sm">
        <TextInput
          placeholder="SKU or name"
          aria-label="Search materials"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <Button variant={low ? 'filled' : 'default'} onClick={() => setLow(!low)} aria-pressed={low}>
          Below reorder point
        </Button>
      </Group>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : !list.items.length ? (
        <Text c="dimmed">No materials match.</Text>
      ) : (
        <Table aria-label="Materials" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>SKU</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th ta="right">On hand</Table.Th>
              <Table.Th ta="right">Allocated</Table.Th>
              <Table.Th ta="right">Available</Table.Th>
              <Table.Th ta="right">On order</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/purchasing/materials/${m.id}`}>
                    {m.sku}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {m.name}
                  {m.stock.belowReorderPoint && (
                    <Badge color="orange" ml="xs" size="sm" style={{ overflow: 'visible' }}>
                      Reorder
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{materialKindLabels[m.kind]}</Table.Td>
                <Table.Td ta="right">{m.stock.onHand.toLocaleString()}</Table.Td>
                <Table.Td ta="right">{m.stock.allocated.toLocaleString()}</Table.Td>
                <Table.Td ta="right">
                  {m.stock.available.toLocaleString()} {m.unit}
                </Table.Td>
                <Table.Td ta="right">{m.stock.onOrder.toLocaleString()}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </>
  );
}

function VendorsTab() {
  const list = useVendors();
  if (list.error) return <ErrorBox error={list.error} />;
  if (list.loading) return <Loading />;
  return (
    <>
      <Table aria-label="Vendors" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Vendor</Table.Th>
            <Table.Th>Purchase orders to</Table.Th>
            <Table.Th>Terms</Table.Th>
            <Table.Th ta="right">Lead time</Table.Th>
            <Table.Th ta="right">Open orders</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.items.map((v) => (
            <Table.Tr key={v.id}>
              <Table.Td>
                <Anchor component={Link} to={`/purchasing/vendors/${v.id}`}>
                  {v.name}
                </Anchor>
                {!v.active && (
                  <Badge color="gray" ml="xs" size="sm">
                    Inactive
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{v.email}</Table.Td>
              <Table.Td>{v.terms ?? '—'}</Table.Td>
              <Table.Td ta="right">{v.leadTimeDays} days</Table.Td>
              <Table.Td ta="right">{v.openOrders}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </>
  );
}

/** The purchasing workspace: shortages to order, purchase orders to send and receive, the catalogue, vendors. */
export function PurchasingPage() {
  const { tab = 'shortages' } = useParams();
  const navigate = useNavigate();
  const user = useUser();
  const [form, setForm] = useState<'vendor' | 'material' | null>(null);
  return (
    <>
      <PageHeader title="Purchasing" sub="Order what jobs need, receive it, keep stock">
        {can(user.role, 'purchasing.buy') && (
          <>
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              onClick={() => setForm('material')}
            >
              New material
            </Button>
            <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setForm('vendor')}>
              New vendor
            </Button>
          </>
        )}
      </PageHeader>
      <Tabs
        value={tabs.includes(tab as never) ? tab : 'shortages'}
        onChange={(t) => navigate(`/purchasing/${t}`)}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="shortages">Shortages</Tabs.Tab>
          <Tabs.Tab value="orders">Purchase orders</Tabs.Tab>
          <Tabs.Tab value="materials">Materials</Tabs.Tab>
          <Tabs.Tab value="vendors">Vendors</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="shortages">
          <ToReplenishSection />
          <ShortagesTab />
        </Tabs.Panel>
        <Tabs.Panel value="orders">
          <OrdersTab />
        </Tabs.Panel>
        <Tabs.Panel value="materials">
          <MaterialsTab />
        </Tabs.Panel>
        <Tabs.Panel value="vendors">
          <VendorsTab />
        </Tabs.Panel>
      </Tabs>
      <VendorForm
        opened={form === 'vendor'}
        onClose={() => setForm(null)}
        onSaved={(v) => navigate(`/purchasing/vendors/${v.id}`)}
      />
      <MaterialForm
        opened={form === 'material'}
        onClose={() => setForm(null)}
        onSaved={(m) => navigate(`/purchasing/materials/${m.id}`)}
      />
    </>
  );
}
