import { Tabs } from '@mantine/core';
import type { Press } from '../../../shared/estimating';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { PageHeader } from '../../app/ui';
import { usePresses } from '../../data/estimating';
import { CostModelList, type Column } from './cost-model-list';
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

const pressColumns: Column<Press>[] = [
  { title: 'Kind', cell: (p) => (p.kind === 'offset' ? 'Offset' : 'Digital') },
  { title: 'Sheets (in)', cell: (p) => `${size(p.minSheet)} – ${size(p.maxSheet)}` },
  { title: 'Margin', right: true, cell: (p) => `${p.marginIn} in` },
  { title: 'Units', right: true, cell: (p) => `${p.colours}${p.perfecting ? ', perfecting' : ''}` },
  {
    title: 'Make-ready',
    cell: (p) => `${p.makeReadyMinutes} min, ${count.format(p.makeReadySheets)} sheets`,
  },
  { title: 'Sheets/h', right: true, cell: (p) => count.format(p.sheetsPerHour) },
  { title: 'Hours/day', right: true, cell: (p) => (p.hoursPerDay ? `${p.hoursPerDay} h` : 'department’s') },
  { title: 'Status', cell: (p) => (p.active ? 'Active' : 'Retired') },
  { title: 'Rate/h', right: true, cell: (p) => dollars(p.hourlyRateCents) },
  { title: 'Plate', right: true, cell: (p) => (p.kind === 'offset' ? dollars(p.plateCents) : '—') },
  {
    title: 'Clicks (colour / mono)',
    right: true,
    cell: (p) =>
      p.kind === 'digital' ? `${dollars(p.clickColourCents, 4)} / ${dollars(p.clickMonoCents, 4)}` : '—',
  },
];

function PressesTab({ editable }: { editable: boolean }) {
  return (
    <CostModelList
      label="Presses"
      addLabel="Add a press"
      empty="No presses yet: nothing can be priced."
      editable={editable}
      query={usePresses()}
      columns={pressColumns}
      minWidth={1000}
      dialog={(press, close) => <PressDialog press={press} onClose={close} />}
    />
  );
}
