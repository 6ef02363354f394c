import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { z } from 'zod';
import type { ClientInventoryRow } from '../../../shared/portals';
import { ErrorBox, Loading } from '../../app/ui';
import { useClientInventory } from '../../data/portal';
import { usePortal } from './portal-auth';
import { UsageChart } from './usage-chart';

type Row = z.infer<typeof ClientInventoryRow>;

const monthsLeftText = (m: number | null) =>
  m === null ? 'No recent use' : m < 1 ? 'Under a month' : `${m.toFixed(m < 10 ? 1 : 0)} months`;

function LowBadge() {
  return (
    <Badge color="red" variant="filled" size="sm" style={{ overflow: 'visible', flexShrink: 0 }}>
      Low
    </Badge>
  );
}

/** Phone layout: one card per item. */
function RowCard({ r }: { r: Row }) {
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Text fw={600}>{r.name}</Text>
          <Text size="xs" c="dimmed">
            {r.sku}
          </Text>
        </div>
        {r.low && <LowBadge />}
      </Group>
      <SimpleGrid cols={3} mt="xs" spacing="xs">
        <div>
          <Text size="xs" c="dimmed">
            On hand
          </Text>
          <Text fw={600}>{r.onHand.toLocaleString()}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Available
          </Text>
          <Text fw={600}>{r.available.toLocaleString()}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Months left
          </Text>
          <Text fw={600} c={r.low ? 'red' : undefined}>
            {monthsLeftText(r.monthsLeft)}
          </Text>
        </div>
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        Used over the last 12 months
      </Text>
      <UsageChart usage={r.monthlyUsage} width={320} height={44} label={`${r.name} usage`} />
    </Card>
  );
}

/** The organisation's stock at the shop: on hand, use over the last 12 months, how long it lasts. */
export function ClientInventoryPage() {
  const { slug } = usePortal();
  const inventory = useClientInventory(slug);
  if (inventory.error) return <ErrorBox error={inventory.error} />;
  if (!inventory.data) return <Loading />;
  const rows = inventory.data.items;
  return (
    <Stack>
      <div>
        <Title order={2}>Inventory</Title>
        <Text size="sm" c="dimmed">
          Your items stored at the print shop. Months left is what is available at the average use of the last
          12 months.
        </Text>
      </div>
      {!rows.length ? (
        <Text c="dimmed">No stocked items.</Text>
      ) : (
        <>
          <Stack hiddenFrom="sm">
            {rows.map((r) => (
              <RowCard key={r.id} r={r} />
            ))}
          </Stack>
          <Card withBorder visibleFrom="sm" p={0}>
            <Table aria-label="Inventory" verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Item</Table.Th>
                  <Table.Th ta="right">On hand</Table.Th>
                  <Table.Th ta="right">Reserved</Table.Th>
                  <Table.Th ta="right">Available</Table.Th>
                  <Table.Th>Last 12 months</Table.Th>
                  <Table.Th ta="right">Months left</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <div>
                          <Text size="sm" fw={600}>
                            {r.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {r.sku}
                          </Text>
                        </div>
                        {r.low && <LowBadge />}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right">{r.onHand.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{r.reserved.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{r.available.toLocaleString()}</Table.Td>
                    <Table.Td>
                      <UsageChart usage={r.monthlyUsage} label={`${r.name} usage`} />
                    </Table.Td>
                    <Table.Td ta="right" c={r.low ? 'red' : undefined} fw={r.low ? 600 : undefined}>
                      {monthsLeftText(r.monthsLeft)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </>
      )}
    </Stack>
  );
}
