import { useState } from 'react';
import {
  Anchor,
  Button,
  Code,
  Collapse,
  Group,
  Select,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import type { AuditEvent } from '../../../shared/audit';
import { dateTime, ErrorBox, LoadMore, Loading, PageHeader } from '../../app/ui';
import { useAuditEvents } from '../../data/admin';
import { useUsers } from '../../data/users';

function Row({ e }: { e: AuditEvent }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {dateTime(e.at)}
          </Text>
        </Table.Td>
        <Table.Td>{e.actorLabel}</Table.Td>
        <Table.Td>
          <Code>{e.action}</Code>
        </Table.Td>
        <Table.Td>
          <UnstyledButton onClick={() => setOpen(!open)} aria-expanded={open}>
            <Text size="sm">
              {open ? '▾' : '▸'} {e.summary}
            </Text>
          </UnstyledButton>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={4}>
            <Collapse expanded={open}>
              <Group align="flex-start" grow>
                <div>
                  <Text size="xs" c="dimmed">
                    Before
                  </Text>
                  <Code block>{JSON.stringify(e.before, null, 2)}</Code>
                </div>
                <div>
                  <Text size="xs" c="dimmed">
                    After
                  </Text>
                  <Code block>{JSON.stringify(e.after, null, 2)}</Code>
                </div>
              </Group>
            </Collapse>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** Every change, who made it and what it was; click a row for before/after. */
export function AuditLogPage() {
  const [entityType, setEntityType] = useState<string | null>(null);
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState<string | null>(null);
  const [params, setParams] = useSearchParams();
  const accountId = params.get('accountId');
  const users = useUsers();
  const list = useAuditEvents({
    entityType,
    actorId,
    accountId,
    action: action.trim(),
    limit: 50,
  });
  return (
    <>
      <PageHeader title="Audit log" sub="Every change, newest first" />
      {accountId && (
        <Group mb="sm" gap="xs">
          <Text size="sm">
            Changes to{' '}
            <Anchor component={Link} to={`/accounts/${accountId}`}>
              one account
            </Anchor>{' '}
            only.
          </Text>
          <Button size="compact-xs" variant="light" onClick={() => setParams({})}>
            Show all
          </Button>
        </Group>
      )}
      <Group mb="md">
        <Select
          label="Entity"
          placeholder="Any"
          clearable
          value={entityType}
          onChange={setEntityType}
          data={[
            'account',
            'contact',
            'job',
            'user',
            'api_token',
            'department',
            'holiday',
            'product_route',
            'import',
          ]}
        />
        <Select
          label="Who"
          placeholder="Anyone"
          clearable
          searchable
          value={actorId}
          onChange={setActorId}
          data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
        <TextInput
          label="Action"
          placeholder="e.g. account.update"
          value={action}
          onChange={(e) => setAction(e.currentTarget.value)}
        />
      </Group>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <Text c="dimmed">No changes match these filters. Clear a filter to see more.</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>What</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((e) => (
              <Row key={e.id} e={e} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </>
  );
}
