import { Card, Stack, Table, Text } from '@mantine/core';
import { dateTime, humanize } from '../../app/ui';
import { useChangeOrders } from '../../data/jobs';

const dollars = (cents: number | null) =>
  cents === null ? '—' : `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
const signed = (cents: number) => `${cents >= 0 ? '+' : '−'}${dollars(Math.abs(cents))}`;

/** The job's change orders: what changed, why, who asked, and what it did to the price. */
export function JobChangeOrders({ jobId }: { jobId: string }) {
  const orders = useChangeOrders(jobId);
  const items = orders.data?.items ?? [];
  if (!items.length) return null;
  const total = items.reduce((sum, o) => sum + (o.priceDifferenceCents ?? 0), 0);
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">
        Change orders · price {signed(total)} in all
      </Text>
      <Table aria-label="Change orders">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Change</Table.Th>
            <Table.Th>Asked for by</Table.Th>
            <Table.Th>Price</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  CO-{o.number}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm">{o.summary}</Text>
                  <Text size="xs" c="dimmed">
                    {humanize(o.kind)} · {o.reason} · {o.createdBy?.name ?? '—'}, {dateTime(o.createdAt)}
                    {o.confirmationTo ? ` · confirmed to ${o.confirmationTo}` : ''}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {o.requestedBy.name} ({o.requestedBy.kind === 'contact' ? 'client' : 'staff'})
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600} c={(o.priceDifferenceCents ?? 0) > 0 ? 'teal' : undefined}>
                  {o.priceDifferenceCents === null ? '—' : signed(o.priceDifferenceCents)}
                </Text>
                <Text size="xs" c="dimmed">
                  {dollars(o.priceBeforeCents)} → {dollars(o.priceAfterCents)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
