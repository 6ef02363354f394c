import { Fragment, useState } from 'react';
import { Badge, Table } from '@mantine/core';
import type { QuantityEstimate } from '../../../shared/estimating';
import { quoteStatusLabels, type QuotePrice, type QuoteStatus } from '../../../shared/quotes';
import { Working, WorkingToggle } from '../estimating/estimate-result';
import { count, dollars, money } from '../estimating/money';

const statusColors: Record<QuoteStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  accepted: 'green',
  declined: 'red',
  expired: 'orange',
  superseded: 'gray',
};

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  return (
    <Badge color={statusColors[status]} variant={status === 'accepted' ? 'filled' : 'light'}>
      {quoteStatusLabels[status]}
    </Badge>
  );
}

export { day } from '../../app/ui';

/**
 * An item's prices by quantity (price, postage, tax, total, each), the accepted quantity marked; staff pass
 * the estimates too and each quantity opens its working.
 */
export function QuotePriceTable({
  label,
  prices,
  accepted,
  estimates,
}: {
  label: string;
  prices: QuotePrice[];
  accepted: number | null;
  estimates?: QuantityEstimate[];
}) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Quantity</Table.Th>
            <Table.Th ta="right">Price</Table.Th>
            <Table.Th ta="right">Postage</Table.Th>
            <Table.Th ta="right">Tax</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
            <Table.Th ta="right">Each</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {prices.map((p) => {
            const working = estimates?.find((e) => e.quantity === p.quantity);
            return (
              <Fragment key={p.quantity}>
                <Table.Tr fw={accepted === p.quantity ? 700 : undefined}>
                  <Table.Td>
                    {working ? (
                      <WorkingToggle
                        quantity={p.quantity}
                        open={open === p.quantity}
                        onToggle={() => setOpen(open === p.quantity ? null : p.quantity)}
                      />
                    ) : (
                      count.format(p.quantity)
                    )}{' '}
                    {accepted === p.quantity && (
                      <Badge size="xs" color="green">
                        accepted
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{money(p.priceCents)}</Table.Td>
                  <Table.Td ta="right">{money(p.postageCents)}</Table.Td>
                  <Table.Td ta="right">{money(p.taxCents)}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {money(p.totalCents)}
                  </Table.Td>
                  <Table.Td ta="right">{dollars(p.unitCents, 4)}</Table.Td>
                </Table.Tr>
                {working && open === p.quantity && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>
                      <Working q={working} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
