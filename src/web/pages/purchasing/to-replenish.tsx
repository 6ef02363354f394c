import { Anchor, Button, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { can } from '../../../shared/permissions';
import type { ToReplenish } from '../../../shared/replenish';
import { useUser } from '../../app/auth';
import { reportError, saved } from '../../app/feedback';
import { ErrorBox, Loading } from '../../app/ui';
import { useReplenish, useToReplenish } from '../../data/purchasing';

/** Materials at or below their reorder point, each with its suggested order and one button to draft it. */
export function ToReplenishSection() {
  const user = useUser();
  const list = useToReplenish();
  const replenish = useReplenish();
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  const rows = list.data.items;
  const draft = async (r: ToReplenish) => {
    try {
      const po = await replenish.mutateAsync(r.material.id);
      saved(`${r.material.sku} is on ${po.number} to ${po.vendor.name}`);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Stack gap="xs" mb="xl" component="section" aria-labelledby="to-replenish-title">
      <Title order={3} id="to-replenish-title" size="h4">
        To replenish
      </Title>
      {!rows.length ? (
        <Text c="dimmed">No material is at its reorder point.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="To replenish" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Material</Table.Th>
                <Table.Th ta="right">Available + on order</Table.Th>
                <Table.Th ta="right">Reorder point</Table.Th>
                <Table.Th>Suggested order</Table.Th>
                <Table.Th>Preferred vendor</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const m = r.material;
                const pending = replenish.isPending && replenish.variables === m.id;
                return (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/purchasing/materials/${m.id}`} size="sm">
                        {m.sku}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {m.name}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      {(m.stock.available + m.stock.onOrder).toLocaleString()} {m.unit}
                    </Table.Td>
                    <Table.Td ta="right">
                      {m.reorderPoint.toLocaleString()} {m.unit}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {r.suggested.quantity.toLocaleString()} {r.suggested.unit}
                      </Text>
                      {r.suggested.factor > 1 && (
                        <Text size="xs" c="dimmed">
                          {r.suggested.stockUnits.toLocaleString()} {m.unit}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{m.preferredVendor?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      {r.onDraft ? (
                        <Anchor component={Link} to={`/purchasing/orders/${r.onDraft.id}`} size="sm">
                          On draft {r.onDraft.number}
                        </Anchor>
                      ) : !m.preferredVendor ? (
                        <Anchor component={Link} to={`/purchasing/materials/${m.id}`} size="sm">
                          Choose a vendor
                        </Anchor>
                      ) : can(user.role, 'purchasing.buy') ? (
                        <Button
                          size="xs"
                          loading={pending}
                          disabled={replenish.isPending && !pending}
                          aria-label={`Put ${m.sku} on a draft PO`}
                          onClick={() => void draft(r)}
                        >
                          Put on a draft PO
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
