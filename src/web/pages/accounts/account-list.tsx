import { useState } from 'react';
import { Anchor, Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconDownload, IconPlus, IconSearch, IconUpload } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import {
  accountOwnerRoles,
  segmentLabels,
  statusLabels,
  type AccountStatus,
  type Segment,
} from '../../../shared/accounts';
import { accountLinks, useAccounts } from '../../data/accounts';
import { useActiveUsers } from '../../data/users';
import { ErrorBox, LoadMore, Loading, PageHeader, dateTime, unlessDialogOpen } from '../../app/ui';
import { AccountForm } from './account-form';

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export function AccountListPage() {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q, 250);
  const [segment, setSegment] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const [sort, setSort] = useState<string | null>('name');
  const [creating, { open, close }] = useDisclosure();
  useHotkeys([['n', unlessDialogOpen(open)]]);
  const users = useActiveUsers();
  // The selects only offer the values the schema accepts; the casts say so to the compiler.
  const filters = {
    q: search,
    segment: segment as Segment | null,
    status: status as AccountStatus | null,
    owner,
    tag: tag.trim(),
    sort: sort as 'name' | '-name' | '-updated' | null,
  };
  const list = useAccounts({ ...filters, limit: 50 });
  const exportUrl = (format: 'csv' | 'xlsx') => accountLinks.export(filters, format);

  return (
    <>
      <PageHeader title="Accounts" sub="Client organisations, their contacts and cost centres">
        <Button leftSection={<IconPlus size={16} />} onClick={open}>
          New account{' '}
          <Text span c="indigo.1" ml={6} size="xs">
            n
          </Text>
        </Button>
        <Button
          variant="default"
          leftSection={<IconUpload size={16} />}
          component={Link}
          to="/accounts/import"
        >
          Import
        </Button>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          component="a"
          href={exportUrl('csv')}
        >
          Export CSV
        </Button>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          component="a"
          href={exportUrl('xlsx')}
        >
          Export XLSX
        </Button>
      </PageHeader>
      <Group mb="md" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Account, contact name or e-mail"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={300}
        />
        <Select
          label="Segment"
          placeholder="Any"
          data={options(segmentLabels)}
          value={segment}
          onChange={setSegment}
          clearable
          w={150}
        />
        <Select
          label="Status"
          placeholder="Any"
          data={options(statusLabels)}
          value={status}
          onChange={setStatus}
          clearable
          w={140}
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          data={[
            { value: 'me', label: 'My accounts' },
            { value: 'none', label: 'No owner' },
            ...(users.data?.items ?? [])
              .filter((u) => (accountOwnerRoles as readonly string[]).includes(u.role))
              .map((u) => ({ value: u.id, label: u.name })),
          ]}
          value={owner}
          onChange={setOwner}
          clearable
          w={180}
        />
        <TextInput label="Tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} w={110} />
        <Select
          label="Sort"
          data={[
            { value: 'name', label: 'Name A–Z' },
            { value: '-name', label: 'Name Z–A' },
            { value: '-updated', label: 'Recently changed' },
          ]}
          value={sort}
          onChange={setSort}
          w={170}
        />
      </Group>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <Text c="dimmed">No accounts match. Clear a filter, or create one with “New account”.</Text>
      ) : (
        <Table highlightOnHover striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th>
              <Table.Th>Segment</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Primary contact</Table.Th>
              <Table.Th>Open work</Table.Th>
              <Table.Th>Last contact</Table.Th>
              <Table.Th>Tags</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((a) => (
              <Table.Tr
                key={a.id}
                style={{ cursor: 'pointer' }}
                tabIndex={0}
                onClick={() => navigate(`/accounts/${a.id}`)}
                onKeyDown={(e) =>
                  e.key === 'Enter' && e.target === e.currentTarget && navigate(`/accounts/${a.id}`)
                }
              >
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/accounts/${a.id}`}
                    tabIndex={-1}
                    onClick={(e) => e.stopPropagation()}
                  >
                    {a.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{segmentLabels[a.segment]}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={a.status === 'active' ? 'green' : 'gray'}>
                    {statusLabels[a.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>{a.owner?.name ?? '—'}</Table.Td>
                <Table.Td>{a.primaryContact ? a.primaryContact.name : '—'}</Table.Td>
                <Table.Td>
                  {a.health.openJobs ?? '—'}
                  {a.health.lateJobs ? (
                    <Text span c="red" size="sm">{` (${a.health.lateJobs} late)`}</Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{a.health.lastContactAt ? dateTime(a.health.lastContactAt) : '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {a.tags.map((t) => (
                      <Badge key={t} size="xs" variant="outline">
                        {t}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
      <AccountForm opened={creating} onClose={close} onSaved={(a) => navigate(`/accounts/${a.id}`)} />
    </>
  );
}
