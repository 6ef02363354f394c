import { useState } from 'react';
import { Badge, Code, Modal, Select, Table, Text } from '@mantine/core';
import type { MailMessage } from '../../../shared/audit';
import { dateTime, ErrorBox, LoadMore, Loading, PageHeader } from '../../app/ui';
import { useMailMessages } from '../../data/admin';

const statusColor = { queued: 'blue', sent: 'green', outbox: 'yellow', failed: 'red' } as const;

/** Outbound e-mail; with no SMTP server configured, messages wait here to be read. */
export function OutboxPage() {
  const [status, setStatus] = useState<MailMessage['status'] | null>(null);
  const [open, setOpen] = useState<MailMessage | null>(null);
  const list = useMailMessages({ status, limit: 50 });
  return (
    <>
      <PageHeader
        title="Outbox"
        sub="Every e-mail Jobjacket sends. Without SMTP_URL, mail stays here (status “outbox”)."
      />
      <Select
        label="Status"
        placeholder="Any"
        clearable
        mb="md"
        w={200}
        value={status}
        onChange={(v) => setStatus(v as MailMessage['status'] | null)}
        data={['queued', 'sent', 'outbox', 'failed']}
      />
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <Text c="dimmed">No e-mail yet.</Text>
      ) : (
        <Table highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((m) => (
              <Table.Tr
                key={m.id}
                style={{ cursor: 'pointer' }}
                onClick={() => setOpen(m)}
                tabIndex={0}
                onKeyDown={(e) => e.key === 'Enter' && setOpen(m)}
              >
                <Table.Td>{dateTime(m.createdAt)}</Table.Td>
                <Table.Td>{m.to}</Table.Td>
                <Table.Td>{m.subject}</Table.Td>
                <Table.Td>
                  <Badge color={statusColor[m.status]}>{m.status}</Badge>
                  {m.error && (
                    <Text size="xs" c="red">
                      {m.error}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open?.subject} size="lg">
        <Text size="sm" mb="xs">
          To: {open?.to}
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap' }}>
          {open?.text}
        </Code>
      </Modal>
    </>
  );
}
