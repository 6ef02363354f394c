import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { InventoryItem, Order } from '../../../shared/portals';
import { api, type Page } from '../../app/api';
import { money, orderStatusLabels } from '../portal/order-bits';

function Box({
  title,
  count,
  color,
  more,
  children,
}: {
  title: string;
  count: number;
  color: string;
  more: string;
  children: React.ReactNode;
}) {
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Anchor component={Link} to={more} fw={600} c="inherit">
          {title}
        </Anchor>
        <Badge color={color} variant={count ? 'filled' : 'light'}>
          {count}
        </Badge>
      </Group>
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing here.
        </Text>
      ) : (
        <Stack gap={6}>{children}</Stack>
      )}
    </Card>
  );
}

/** My day: portal orders waiting for approval or to fulfil, and low stock for my accounts. */
export function PortalsMyDay() {
  const pending = useQuery({
    queryKey: ['orders', 'my-day', 'pending_approval'],
    queryFn: () => api.get<Page<Order>>('/orders?status=pending_approval&mine=true&limit=20'),
    refetchInterval: 60_000,
  });
  const approved = useQuery({
    queryKey: ['orders', 'my-day', 'approved'],
    queryFn: () => api.get<Page<Order>>('/orders?status=approved&mine=true&limit=20'),
    refetchInterval: 60_000,
  });
  const low = useQuery({
    queryKey: ['inventory-items', 'my-day', 'low'],
    queryFn: () => api.get<Page<InventoryItem>>('/inventory/items?low=true&mine=true&limit=20'),
    refetchInterval: 60_000,
  });
  const orders = [...(pending.data?.items ?? []), ...(approved.data?.items ?? [])];
  const items = low.data?.items ?? [];
  return (
    <>
      <Box title="Orders awaiting action" count={orders.length} color="yellow" more="/orders">
        {orders.map((o) => (
          <div key={o.id}>
            <Anchor component={Link} to={`/orders/${o.id}`} size="sm">
              {o.number} · {o.account.name}
            </Anchor>
            <Text size="xs" c={o.status === 'pending_approval' ? 'orange.8' : 'dimmed'}>
              {orderStatusLabels[o.status]} · {money(o.totalCents)} · {o.buyer.name}
            </Text>
          </div>
        ))}
      </Box>
      <Box title="Low stock for my accounts" count={items.length} color="red" more="/inventory?low=true">
        {items.map((i) => (
          <div key={i.id}>
            <Anchor component={Link} to={`/inventory/${i.id}`} size="sm">
              {i.sku} · {i.name}
            </Anchor>
            <Text size="xs" c="dimmed">
              {i.account.name} · {i.available.toLocaleString()} available, reorder at{' '}
              {i.reorderPoint.toLocaleString()}
            </Text>
          </div>
        ))}
      </Box>
    </>
  );
}
