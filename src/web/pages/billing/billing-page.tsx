import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Checkbox, Group, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { dateTime, ErrorBox, Loading, PageHeader } from '../../app/ui';
import { billingApi, useCreateInvoiceExport, useInvoiceExports, useReadyToInvoice } from '../../data/billing';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const money = (cents: number) => usd.format(cents / 100);

/**
 * Billing's hand-off screen: shipped or completed jobs at their final price, exported in a batch for QuickBooks
 * Online or Xero (an exported job leaves the list and is never exported again), and past batches to download.
 */
export function BillingPage() {
  const ready = useReadyToInvoice();
  const batches = useInvoiceExports();
  const create = useCreateInvoiceExport();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const items = ready.data?.items ?? [];
  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const exportAs = (format: 'quickbooks' | 'xero') =>
    create.mutate(
      { format, ...(chosen.size ? { jobIds: [...chosen] } : {}) },
      { onSuccess: () => setChosen(new Set()) },
    );
  const total = items
    .filter((j) => !chosen.size || chosen.has(j.jobId))
    .reduce((s, j) => s + j.totalCents, 0);

  return (
    <>
      <PageHeader
        title="Billing"
        sub="Jobs shipped or completed, at their final price (items as quoted and changed, plus postage), ready for accounting"
      >
        <Button onClick={() => exportAs('quickbooks')} loading={create.isPending} disabled={!items.length}>
          Export for QuickBooks Online
        </Button>
        <Button
          variant="default"
          onClick={() => exportAs('xero')}
          loading={create.isPending}
          disabled={!items.length}
        >
          Export for Xero
        </Button>
      </PageHeader>
      {create.error && <ErrorBox error={create.error} />}
      {create.data && (
        <Alert color="green" mb="md" data-testid="export-done">
          Batch {create.data.number}: {create.data.jobCount} job(s), {money(create.data.totalCents)}.{' '}
          <Anchor href={billingApi.csvUrl(create.data.id)}>Download the CSV</Anchor>
        </Alert>
      )}
      <Title order={4} mb="xs">
        Ready to invoice ({items.length}) — {chosen.size ? `${chosen.size} chosen, ` : ''}
        {money(total)}
      </Title>
      {ready.isLoading ? (
        <Loading />
      ) : ready.error ? (
        <ErrorBox error={ready.error} />
      ) : !items.length ? (
        <Text c="dimmed" mb="lg">
          Nothing waits to be invoiced.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640} mb="lg">
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40} />
                <Table.Th>Job</Table.Th>
                <Table.Th>Client</Table.Th>
                <Table.Th>PO</Table.Th>
                <Table.Th>Lines</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((j) => (
                <Table.Tr key={j.jobId}>
                  <Table.Td>
                    <Checkbox
                      aria-label={`Choose ${j.jobNumber}`}
                      checked={chosen.has(j.jobId)}
                      onChange={() => toggle(j.jobId)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/jobs/${j.jobId}`}>
                      {j.jobNumber}
                    </Anchor>{' '}
                    {j.title}
                  </Table.Td>
                  <Table.Td>
                    {j.account.name} {j.account.taxExempt && <Badge variant="light">tax-exempt</Badge>}
                  </Table.Td>
                  <Table.Td>{j.clientPo ?? '—'}</Table.Td>
                  <Table.Td>
                    {j.lines.length}
                    {j.unpricedItems > 0 && (
                      <Badge color="orange" ml="xs">
                        {j.unpricedItems} without a price
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{money(j.totalCents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Title order={4} mb="xs">
        Export batches
      </Title>
      {batches.error && <ErrorBox error={batches.error} />}
      <Table.ScrollContainer minWidth={560}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Batch</Table.Th>
              <Table.Th>Layout</Table.Th>
              <Table.Th>Jobs</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th>Made</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(batches.data?.items ?? []).map((b) => (
              <Table.Tr key={b.id}>
                <Table.Td>{b.number}</Table.Td>
                <Table.Td>{b.format === 'quickbooks' ? 'QuickBooks Online' : 'Xero'}</Table.Td>
                <Table.Td>{b.jobs.map((j) => j.jobNumber).join(', ')}</Table.Td>
                <Table.Td ta="right">{money(b.totalCents)}</Table.Td>
                <Table.Td>
                  {dateTime(b.createdAt)} {b.createdBy ? `by ${b.createdBy}` : ''}
                </Table.Td>
                <Table.Td>
                  <Group justify="flex-end">
                    <Anchor href={billingApi.csvUrl(b.id)}>CSV</Anchor>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
