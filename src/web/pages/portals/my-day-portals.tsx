import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useMyLowStock, useMyOrders } from '../../data/portals';
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
  const pending = useMyOrders('pending_approval');
  const approved = useMyOrders('approved');
  const low = useMyLowStock();
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
