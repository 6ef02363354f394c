import { Fragment, useState } from 'react';
import { Badge, Button, Card, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { Estimate, QuantityEstimate } from '../../../shared/estimating';
import { ReportChart } from '../reports/chart';
import { count, dollars, money } from './money';

const markupSources = {
  account: "the account's own markup",
  segment: "the segment's markup",
  shop: "the shop's markup",
};

/**
 * An estimate as staff read it: per item, each quantity's press, up-count, sheets and price build-up, the unit
 * price by quantity, and for each quantity the working line by line and the presses not chosen with why.
 */
export function EstimateResult({ estimate }: { estimate: Estimate }) {
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {estimate.account ? `For ${estimate.account.name}: ` : 'No account: '}
        {markupSources[estimate.markupSource]}
        {estimate.account?.taxExempt ? '; tax-exempt, no tax charged.' : '.'}
      </Text>
      {estimate.items.map((item, i) => (
        <ItemResult
          key={i}
          item={item}
          title={`Item ${i + 1}${item.description ? `: ${item.description}` : ''}`}
        />
      ))}
    </Stack>
  );
}

function ItemResult({ item, title }: { item: Estimate['items'][number]; title: string }) {
  const [open, setOpen] = useState<number | null>(null);
  const p = item.paper;
  return (
    <Card withBorder>
      <Title order={4}>{title}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        Paper: {p.name}, {count.format(p.width)}×{count.format(p.height)} in at{' '}
        {dollars(p.costPerThousandCents)} per thousand sheets
      </Text>
      <Table.ScrollContainer minWidth={980}>
        <Table striped aria-label={`${title} — prices by quantity`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Quantity</Table.Th>
              <Table.Th>Press</Table.Th>
              <Table.Th ta="right">Up</Table.Th>
              <Table.Th ta="right">Sheets</Table.Th>
              <Table.Th ta="right">Cost</Table.Th>
              <Table.Th ta="right">Markup</Table.Th>
              <Table.Th ta="right">Price</Table.Th>
              <Table.Th ta="right">Postage</Table.Th>
              <Table.Th ta="right">Tax</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th ta="right">Unit price</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {item.quantities.map((q) => (
              <Fragment key={q.quantity}>
                <Table.Tr>
                  <Table.Td>
                    <WorkingToggle
                      quantity={q.quantity}
                      open={open === q.quantity}
                      onToggle={() => setOpen(open === q.quantity ? null : q.quantity)}
                    />
                  </Table.Td>
                  <Table.Td>{q.press.name}</Table.Td>
                  <Table.Td ta="right">{q.imposition.up}</Table.Td>
                  <Table.Td ta="right">{count.format(q.totalSheets)}</Table.Td>
                  <Table.Td ta="right">{money(q.costCents)}</Table.Td>
                  <Table.Td ta="right">
                    {money(q.markupCents)} ({q.markupPercent} %)
                  </Table.Td>
                  <Table.Td ta="right">
                    {money(q.priceCents)} {q.minimumApplied && <Badge size="xs">minimum</Badge>}
                  </Table.Td>
                  <Table.Td ta="right">{money(q.postageCents)}</Table.Td>
                  <Table.Td ta="right">{money(q.taxCents)}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {money(q.totalCents)}
                  </Table.Td>
                  <Table.Td ta="right">{dollars(q.unitCents, 4)}</Table.Td>
                </Table.Tr>
                {open === q.quantity && (
                  <Table.Tr>
                    <Table.Td colSpan={11}>
                      <Working q={q} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {item.quantities.length > 1 && (
        <ReportChart
          chart={{
            kind: 'line',
            title: 'Unit price by quantity',
            valueType: 'money',
            series: [{ key: 'unit', label: 'Price each (with tax and postage)' }],
            points: item.quantities.map((q) => ({ x: count.format(q.quantity), values: [q.unitCents] })),
          }}
        />
      )}
    </Card>
  );
}

export function Working({ q }: { q: QuantityEstimate }) {
  const { imposition: im } = q;
  return (
    <Stack gap="xs" py="xs">
      <Text size="sm">
        {q.press.name}: {im.up} up ({im.across} × {im.down}
        {im.rotated ? ', turned' : ''}); {count.format(q.runSheets)} run + {count.format(q.spoilageSheets)}{' '}
        spoilage = {count.format(q.totalSheets)} sheets; {q.passes} {q.passes === 1 ? 'pass' : 'passes'};
        make-ready {count.format(q.makeReadyHours)} h, run {count.format(q.runHours)} h.
      </Text>
      <Table withRowBorders={false} aria-label={`Working of ${count.format(q.quantity)}`}>
        <Table.Tbody>
          {q.lines.map((l, i) => (
            <Table.Tr key={i}>
              <Table.Td>{l.label}</Table.Td>
              <Table.Td c="dimmed">{l.working}</Table.Td>
              <Table.Td ta="right">{money(l.cents)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={600}>
            <Table.Td>Cost</Table.Td>
            <Table.Td />
            <Table.Td ta="right">{money(q.costCents)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {(q.alternatives.length > 0 || q.refused.length > 0) && (
        <>
          <Text size="sm" fw={500}>
            Presses not chosen
          </Text>
          <List size="sm">
            {q.alternatives.map((a) => (
              <List.Item key={a.press}>
                {a.press}: total {money(a.totalCents)} (dearer)
              </List.Item>
            ))}
            {q.refused.map((r) => (
              <List.Item key={r.press}>
                {/* The reason names the press. */}
                {r.reason}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}

/** A quantity that opens or closes its working (the engine's lines) below its row. */
export function WorkingToggle(props: { quantity: number; open: boolean; onToggle: () => void }) {
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={props.open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
      aria-expanded={props.open}
      aria-label={`Working of ${count.format(props.quantity)}`}
      onClick={props.onToggle}
    >
      {count.format(props.quantity)}
    </Button>
  );
}
