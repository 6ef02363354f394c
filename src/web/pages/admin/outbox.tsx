import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, Modal, Select, Table, Text } from '@mantine/core';
import type { MailMessage } from '../../../shared/audit';
import { dateTime, ErrorBox, LoadMore, Loading, PageHeader } from '../../app/ui';
import { useMailMessages, useMailSummary, useResendMail } from '../../data/admin';

const statusColor = {
  queued: 'blue',
  sending: 'blue',
  sent: 'green',
  outbox: 'yellow',
  failed: 'red',
} as const;

/** How many messages wait and why: without SMTP they are held; with it they go out on their own. */
function WaitingLine() {
  const summary = useMailSummary();
  if (!summary.data) return null;
  const { waiting, failed, smtpConfigured } = summary.data;
  return (
    <Alert color={smtpConfigured ? (failed ? 'red' : 'blue') : 'yellow'} mb="md" data-testid="outbox-summary">
      <b>{waiting}</b> {waiting === 1 ? 'message waits' : 'messages wait'} to be sent
      {failed ? `, ${failed} failed` : ''}.{' '}
      {smtpConfigured
        ? 'Waiting mail is sent on its own; a failed message can be sent again from its detail.'
        : 'No SMTP server is configured (SMTP_URL): mail is held here and sent once one is.'}
    </Alert>
  );
}

/** Outbound e-mail; with no SMTP server configured, messages wait here to be read and are sent later. */
export function OutboxPage() {
  const [status, setStatus] = useState<MailMessage['status'] | null>(null);
  const [open, setOpen] = useState<MailMessage | null>(null);
  const list = useMailMessages({ status, limit: 50 });
  const resend = useResendMail();
  return (
    <>
      <PageHeader title="Outbox" sub="Every e-mail Jobjacket sends." />
      <WaitingLine />
      <Select
        label="Status"
        placeholder="Any"
        clearable
        mb="md"
        w={200}
        value={status}
        onChange={(v) => setStatus(v as MailMessage['status'] | null)}
        data={['queued', 'sending', 'sent', 'outbox', 'failed']}
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
                onClick={() => {
                  resend.reset();
                  setOpen(m);
                }}
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
        <Group justify="space-between" mb="xs">
          <Text size="sm">To: {open?.to}</Text>
          {open && <Badge color={statusColor[open.status]}>{open.status}</Badge>}
        </Group>
        {open?.error && (
          <Text size="sm" c="red" mb="xs">
            {open.error}
          </Text>
        )}
        <Code block style={{ whiteSpace: 'pre-wrap' }}>
          {open?.text}
        </Code>
        {resend.error && <ErrorBox error={resend.error} />}
        {open?.status === 'failed' && (
          <Group justify="flex-end" mt="md">
            <Button
              loading={resend.isPending}
              onClick={() => resend.mutate(open.id, { onSuccess: (m) => setOpen(m) })}
            >
              Resend
            </Button>
          </Group>
        )}
      </Modal>
    </>
  );
}
