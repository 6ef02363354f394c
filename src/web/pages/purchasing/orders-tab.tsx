import { useState } from 'react';
import { Anchor, SegmentedControl, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ErrorBox, LoadMore, Loading } from '../../app/ui';
import { usePurchaseOrders } from '../../data/purchasing';
import { money, PoStatusBadge } from './badges';

/** Purchase orders: open ones (to send and receive), overdue ones, or all. */
export function OrdersTab({ vendorId }: { vendorId?: string }) {
  const [view, setView] = useState(vendorId ? 'all' : 'open');
  const list = usePurchaseOrders({
    status: view === 'open' ? 'open' : undefined,
    overdue: view === 'overdue' ? 'true' : undefined,
    vendorId,
    limit: 50,
  });
  return (
    <>
      <SegmentedControl
        mb="sm"
        value={view}
        onChange={setView}
        data={[
          { value: 'open', label: 'Open' },
          { value: 'overdue', label: 'Overdue' },
          { value: 'all', label: 'All' },
        ]}
      />
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : !list.items.length ? (
        <Text c="dimmed">No purchase orders here.</Text>
      ) : (
        <Table aria-label="Purchase orders" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Vendor</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Expected</Table.Th>
              <Table.Th ta="right">Lines</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((po) => (
              <Table.Tr key={po.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/purchasing/orders/${po.id}`}>
                    {po.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>{po.vendor.name}</Table.Td>
                <Table.Td>
                  <PoStatusBadge status={po.status} overdue={po.overdue} />
                </Table.Td>
                <Table.Td>{po.expectedDate ?? '—'}</Table.Td>
                <Table.Td ta="right">{po.lineCount}</Table.Td>
                <Table.Td ta="right">{money(po.totalCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </>
  );
}
