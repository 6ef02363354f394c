import { useState } from 'react';
import { Badge, Button, Table, Tabs, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { Press } from '../../../shared/estimating';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { usePresses } from '../../data/estimating';
import { count, dollars } from './money';
import { OperationsTab } from './operations-tab';
import { PressDialog } from './press-dialog';
import { RulesTab } from './rules-tab';

/** Admin → Estimating: the cost model the estimating engine prices from (presses, operations, rules). */
export function CostModelPage() {
  const editable = can(useUser().role, 'estimating.edit');
  return (
    <>
      <PageHeader
        title="Estimating"
        sub="The cost model: what each press can print and costs, finishing and mailing rates, and the pricing rules."
      />
      <Tabs defaultValue="presses" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="presses">Presses</Tabs.Tab>
          <Tabs.Tab value="operations">Operations</Tabs.Tab>
          <Tabs.Tab value="rules">Rules</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="presses">
          <PressesTab editable={editable} />
        </Tabs.Panel>
        <Tabs.Panel value="operations">
          <OperationsTab editable={editable} />
        </Tabs.Panel>
        <Tabs.Panel value="rules">
          <RulesTab editable={editable} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

const size = (s: { width: number; height: number }) => `${count.format(s.width)}×${count.format(s.height)}`;

function PressesTab({ editable }: { editable: boolean }) {
  const presses = usePresses();
  // undefined: closed; null: a new press; a press: editing it.
  const [editing, setEditing] = useState<Press | null | undefined>(undefined);
  if (presses.error) return <ErrorBox error={presses.error} />;
  if (!presses.data) return <Loading />;
  return (
    <>
      {editable && (
        <Button leftSection={<IconPlus size={16} />} mb="md" onClick={() => setEditing(null)}>
          Add a press
        </Button>
      )}
      <Table.ScrollContainer minWidth={1000}>
        <Table striped aria-label="Presses">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Sheets (in)</Table.Th>
              <Table.Th ta="right">Margin</Table.Th>
              <Table.Th ta="right">Units</Table.Th>
              <Table.Th>Make-ready</Table.Th>
              <Table.Th ta="right">Sheets/h</Table.Th>
              <Table.Th ta="right">Rate/h</Table.Th>
              <Table.Th ta="right">Plate</Table.Th>
              <Table.Th ta="right">Clicks (colour / mono)</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {presses.data.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  {p.name} {!p.active && <Badge color="gray">Inactive</Badge>}
                </Table.Td>
                <Table.Td>{p.kind === 'offset' ? 'Offset' : 'Digital'}</Table.Td>
                <Table.Td>
                  {size(p.minSheet)} – {size(p.maxSheet)}
                </Table.Td>
                <Table.Td ta="right">{p.marginIn} in</Table.Td>
                <Table.Td ta="right">
                  {p.colours}
                  {p.perfecting ? ', perfecting' : ''}
                </Table.Td>
                <Table.Td>
                  {p.makeReadyMinutes} min, {count.format(p.makeReadySheets)} sheets
                </Table.Td>
                <Table.Td ta="right">{count.format(p.sheetsPerHour)}</Table.Td>
                <Table.Td ta="right">{dollars(p.hourlyRateCents)}</Table.Td>
                <Table.Td ta="right">{p.kind === 'offset' ? dollars(p.plateCents) : '—'}</Table.Td>
                <Table.Td ta="right">
                  {p.kind === 'digital'
                    ? `${dollars(p.clickColourCents, 4)} / ${dollars(p.clickMonoCents, 4)}`
                    : '—'}
                </Table.Td>
                <Table.Td>
                  {editable && (
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Edit ${p.name}`}
                      onClick={() => setEditing(p)}
                    >
                      Edit
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!presses.data.items.length && <Text c="dimmed">No presses yet: nothing can be priced.</Text>}
      {editing !== undefined && (
        <PressDialog press={editing ?? undefined} onClose={() => setEditing(undefined)} />
      )}
    </>
  );
}
