import { useState } from 'react';
import { Anchor, SegmentedControl, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { OrderStatus } from '../../../shared/portals';
import { ErrorBox, LoadMore, Loading } from '../../app/ui';
import { dateOnly, money, OrderStatusBadge } from '../portal/order-bits';
import { useOrders } from '../../data/portals';
import { OrderActions } from './order-actions';

export const orderViews = [
  { value: 'pending_approval', label: 'Waiting for approval' },
  { value: 'approved', label: 'Approved — to fulfil' },
  { value: 'in_fulfilment', label: 'In fulfilment' },
  { value: 'shipped', label: 'Shipped' },
  { value: 'open', label: 'All open' },
];

/** Portal orders as a table with their actions; optionally with a status switch above it. */
export function OrdersTable({
  params,
  statusFilter,
}: {
  params: { status?: string; portalId?: string; accountId?: string };
  statusFilter?: boolean;
}) {
  const [status, setStatus] = useState(params.status ?? 'open');
  // The switch only offers order statuses and 'open'.
  const list = useOrders({ ...params, status: status as OrderStatus | 'open', limit: 50 });
  return (
    <>
      {statusFilter && (
        <SegmentedControl mb="sm" value={status} onChange={setStatus} data={orderViews} aria-label="Status" />
      )}
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : !list.items.length ? (
        <Text c="dimmed">No orders here.</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table aria-label="Orders" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Order</Table.Th>
                <Table.Th>Client</Table.Th>
                <Table.Th>Buyer · cost centre</Table.Th>
                <Table.Th>Lines</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/orders/${o.id}`}
                      size="sm"
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {o.number}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {dateOnly(o.createdAt)}
                      {o.neededBy ? ` · needed ${dateOnly(o.neededBy)}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{o.account.name}</Text>
                    <Text size="xs" c="dimmed">
                      {o.portal.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{o.buyer.name}</Text>
                    <Text size="xs" c="dimmed">
                      {o.costCentre.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {o.lines.map((l) => `${l.quantity.toLocaleString()} × ${l.product.sku}`).join(', ')}
                    </Text>
                    {o.approvalReasons.length > 0 && o.status === 'pending_approval' && (
                      <Text size="xs" c="orange.8">
                        {o.approvalReasons.join('; ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{money(o.totalCents)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <OrderStatusBadge status={o.status} releasing={o.releasing} />
                  </Table.Td>
                  <Table.Td>
                    <OrderActions order={o} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </>
  );
}
