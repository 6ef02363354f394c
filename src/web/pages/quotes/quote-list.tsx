import { useState } from 'react';
import { Anchor, Button, Group, Select, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { QuoteStatus } from '../../../shared/quotes';
import { ErrorBox, LoadMore, Loading, PageHeader } from '../../app/ui';
import { useQuotes } from '../../data/quotes';
import { money } from '../estimating/money';
import { AccountSelect } from '../reports/lookup-selects';
import { QuoteStatusBadge, day } from './quote-bits';

const statuses = [
  { value: 'draft', label: 'Draft' },
  { value: 'sent', label: 'Sent' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'declined', label: 'Declined' },
  { value: 'expired', label: 'Expired' },
];

/** Quotes by status and account, newest first; a row opens the quote (click or Enter). */
export function QuoteListPage() {
  const navigate = useNavigate();
  // `?status=sent` (My day's "Show all") opens the list filtered.
  const [params] = useSearchParams();
  const [status, setStatus] = useState<string | null>(params.get('status'));
  const [accountId, setAccountId] = useState<string | null>(null);
  const list = useQuotes({ status: status as QuoteStatus | null, accountId, limit: 50 });

  return (
    <>
      <PageHeader title="Quotes" sub="Prices sent to clients, and their answers">
        <Button leftSection={<IconPlus size={16} />} component={Link} to="/quotes/new">
          New quote
        </Button>
      </PageHeader>
      <Group mb="md" align="flex-end">
        <Select
          label="Status"
          placeholder="Any"
          data={statuses}
          value={status}
          onChange={setStatus}
          clearable
          w={160}
        />
        <AccountSelect label="Account" required={false} value={accountId} onChange={setAccountId} />
      </Group>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <Text c="dimmed">No quotes match. Clear a filter, or start one with “New quote”.</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover striped aria-label="Quotes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>AM</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Valid until</Table.Th>
                <Table.Th ta="right">Price range</Table.Th>
                <Table.Th>Job</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((q) => {
                const open = () => navigate(`/quotes/${q.id}`);
                return (
                  <Table.Tr
                    key={q.id}
                    style={{ cursor: 'pointer' }}
                    tabIndex={0}
                    onClick={open}
                    onKeyDown={(e) => e.key === 'Enter' && e.target === e.currentTarget && open()}
                  >
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/quotes/${q.id}`}
                        tabIndex={-1}
                        onClick={(e) => e.stopPropagation()}
                      >
                        {q.number} v{q.version}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{q.title}</Table.Td>
                    <Table.Td>{q.account.name}</Table.Td>
                    <Table.Td>{q.owner?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      <QuoteStatusBadge status={q.status} />
                    </Table.Td>
                    <Table.Td>{day(q.validUntil)}</Table.Td>
                    <Table.Td ta="right">
                      {q.lowestTotalCents === q.highestTotalCents
                        ? money(q.lowestTotalCents)
                        : `${money(q.lowestTotalCents)} – ${money(q.highestTotalCents)}`}
                    </Table.Td>
                    <Table.Td>
                      {q.job ? (
                        <Anchor
                          component={Link}
                          to={`/jobs/${q.job.id}`}
                          tabIndex={-1}
                          onClick={(e) => e.stopPropagation()}
                        >
                          {q.job.number}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </>
  );
}
