import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { Order, OrderStatus } from '../../../shared/portals';

export const money = (cents: number | null | undefined) =>
  cents === null || cents === undefined
    ? '—'
    : (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });

export const orderStatusLabels: Record<OrderStatus, string> = {
  pending_approval: 'Waiting for approval',
  approved: 'Approved',
  rejected: 'Rejected',
  in_fulfilment: 'In fulfilment',
  shipped: 'Shipped',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
const orderStatusColor: Record<OrderStatus, string> = {
  pending_approval: 'yellow',
  approved: 'teal',
  rejected: 'red',
  in_fulfilment: 'blue',
  shipped: 'indigo',
  completed: 'green',
  cancelled: 'gray',
};

/** The order's status; an approved order whose job is still being made says "Being released" beside it. */
export function OrderStatusBadge({
  status,
  releasing = false,
}: {
  status: OrderStatus;
  releasing?: boolean;
}) {
  const badge = (label: string, color: string) => (
    <Badge
      color={color}
      variant="light"
      style={{ overflow: 'visible', flexShrink: 0 }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {label}
    </Badge>
  );
  if (!releasing) return badge(orderStatusLabels[status], orderStatusColor[status]);
  return (
    <Group gap={4} wrap="nowrap">
      {badge(orderStatusLabels[status], orderStatusColor[status])}
      {badge('Being released', 'orange')}
    </Group>
  );
}

/** `fullName` → "Full name". */
const fieldLabel = (name: string) => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A variable-data line's values as "Full name: Dana Whitfield · Phone: …" (stored values carry no order). */
export const valuesText = (values: Record<string, string>) =>
  Object.entries(values)
    .filter(([, v]) => v)
    .map(([k, v]) => `${fieldLabel(k)}: ${v}`)
    .join(' · ');

export const dateOnly = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : '—');

/** The order's ship-to address on two or three lines. */
export function AddressText({ a }: { a: Order['shipTo'] }) {
  return (
    <Text size="sm" component="div">
      {a.name && <div>{a.name}</div>}
      {a.attention && <div>Attn: {a.attention}</div>}
      <div>
        {a.line1}
        {a.line2 ? `, ${a.line2}` : ''}
      </div>
      <div>
        {a.city}, {a.region} {a.postalCode}
      </div>
    </Text>
  );
}

/** The lines of an order: product, quantity, price; variable-data values under the name. */
export function OrderLinesTable({ order, showPrices = true }: { order: Order; showPrices?: boolean }) {
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table aria-label={`Lines of ${order.number}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Product</Table.Th>
            <Table.Th ta="right">Qty</Table.Th>
            {showPrices && <Table.Th ta="right">Amount</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.lines.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>
                <Text size="sm">{l.product.name}</Text>
                <Text size="xs" c="dimmed">
                  {[l.product.sku, valuesText(l.values)].filter(Boolean).join(' · ')}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{l.quantity.toLocaleString()}</Table.Td>
              {showPrices && <Table.Td ta="right">{money(l.amountCents)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {showPrices && (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>Total</Table.Th>
              <Table.Th />
              <Table.Th ta="right">{money(order.totalCents)}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}

/** Shipments of an order with a tracking link for each one that has a number. */
export function ShipmentLinks({ order }: { order: Order }) {
  if (!order.shipments.length) return null;
  return (
    <Stack gap={4}>
      {order.shipments.map((s) => (
        <Group key={s.id} gap="xs" wrap="wrap">
          <Text size="sm">
            {s.number} · {s.carrier.toUpperCase()} · {s.status}
          </Text>
          {s.trackingNumber &&
            (s.trackingUrl ? (
              <Anchor href={s.trackingUrl} target="_blank" rel="noreferrer" size="sm">
                Track {s.trackingNumber}
              </Anchor>
            ) : (
              <Text size="sm">Tracking {s.trackingNumber}</Text>
            ))}
        </Group>
      ))}
    </Stack>
  );
}

/** Why an order waits for an approver and, once decided, who decided and what they said. */
export function DecisionText({ order }: { order: Order }) {
  return (
    <>
      {order.approvalReasons.length > 0 && (
        <Text size="sm" c={order.status === 'pending_approval' ? 'orange.8' : 'dimmed'}>
          Needs approval: {order.approvalReasons.join('; ')}
        </Text>
      )}
      {order.decision && (
        <Text size="sm" c={order.decision.approved ? 'teal.8' : 'red.8'}>
          {order.decision.approved ? 'Approved' : 'Rejected'} by {order.decision.by} on{' '}
          {dateOnly(order.decision.at)}
          {order.decision.comment ? `: “${order.decision.comment}”` : ''}
        </Text>
      )}
    </>
  );
}
