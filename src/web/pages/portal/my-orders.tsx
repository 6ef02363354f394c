import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import type { Order } from '../../../shared/portals';
import { ErrorBox, LoadMore, Loading } from '../../app/ui';
import { useMyOrder, useMyOrders } from '../../data/portal';
import {
  AddressText,
  dateOnly,
  DecisionText,
  money,
  OrderLinesTable,
  OrderStatusBadge,
  ShipmentLinks,
} from './order-bits';
import { can, usePortal, usePortalSession } from './portal-auth';
import { ReorderButton } from './cart-refill';

/** One order as a card: number, status, what and where, tracking. */
export function OrderCard({ order, children }: { order: Order; children?: React.ReactNode }) {
  const { to } = usePortal();
  const session = usePortalSession();
  const items = order.lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <Card withBorder padding="sm" component="article" aria-label={`Order ${order.number}`}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <div>
          <Anchor component={Link} to={to(`/orders/${order.id}`)} fw={600} style={{ whiteSpace: 'nowrap' }}>
            {order.number}
          </Anchor>
          <Text size="xs" c="dimmed">
            {dateOnly(order.createdAt)} · {order.buyer.name} · {order.costCentre.name}
          </Text>
        </div>
        <OrderStatusBadge status={order.status} releasing={order.releasing} />
      </Group>
      <Text size="sm" mt={6}>
        {order.lines.length === 1
          ? `${order.lines[0]!.quantity.toLocaleString()} × ${order.lines[0]!.product.name}`
          : `${order.lines.length} products, ${items.toLocaleString()} items`}
        {session.portal.showPrices ? ` · ${money(order.totalCents)}` : ''}
      </Text>
      <DecisionText order={order} />
      <ShipmentLinks order={order} />
      {children}
    </Card>
  );
}

/** The user's orders, newest first, with status and tracking. */
export function MyOrdersPage() {
  const { slug } = usePortal();
  const list = useMyOrders(slug);
  return (
    <Stack maw={860}>
      <Title order={2}>My orders</Title>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : !list.items.length ? (
        <Text c="dimmed">No orders yet.</Text>
      ) : (
        list.items.map((o) => <OrderCard key={o.id} order={o} />)
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </Stack>
  );
}

/** One of the user's orders in full. */
export function MyOrderPage() {
  const { orderId } = useParams();
  const { slug, to } = usePortal();
  const session = usePortalSession();
  const order = useMyOrder(slug, orderId);
  if (order.error) return <ErrorBox error={order.error} />;
  if (!order.data) return <Loading />;
  const o = order.data;
  return (
    <Stack maw={860}>
      <Anchor component={Link} to={to('/orders')} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} /> My orders
        </Group>
      </Anchor>
      <Group justify="space-between">
        <Title order={2}>Order {o.number}</Title>
        <OrderStatusBadge status={o.status} releasing={o.releasing} />
      </Group>
      {can.order(session.user.role) && (
        <Group>
          <ReorderButton orderId={o.id} />
        </Group>
      )}
      <DecisionText order={o} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            Ship to
          </Text>
          <AddressText a={o.shipTo} />
        </Card>
        <Card withBorder padding="sm">
          <Stack gap={2}>
            <Text size="sm">
              Placed {dateOnly(o.createdAt)} by {o.buyer.name}
            </Text>
            <Text size="sm">
              Cost centre {o.costCentre.name} ({o.costCentre.code})
            </Text>
            {o.neededBy && <Text size="sm">Needed by {dateOnly(o.neededBy)}</Text>}
            {o.clientPo && <Text size="sm">PO {o.clientPo}</Text>}
            {o.notes && (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
                {o.notes}
              </Text>
            )}
          </Stack>
        </Card>
      </SimpleGrid>
      {o.shipments.length > 0 && (
        <Card withBorder padding="sm">
          <Text fw={600} mb={4}>
            Shipments
          </Text>
          <ShipmentLinks order={o} />
        </Card>
      )}
      <Card withBorder padding="sm">
        <OrderLinesTable order={o} showPrices={session.portal.showPrices} />
      </Card>
    </Stack>
  );
}
