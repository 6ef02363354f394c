import { Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import type { WebhookDelivery } from '../../../shared/webhooks';
import { reportError } from '../../app/feedback';
import { dateTime, ErrorBox, Loading } from '../../app/ui';
import { useReplayWebhookDelivery, useWebhookDeliveries } from '../../data/webhooks';

const statusColor = { pending: 'yellow', delivered: 'green', failed: 'red' } as const;

/** The delivery log of one endpoint: each event, its attempts (answer, time) and a Replay button. */
export function Deliveries({ endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  const deliveries = useWebhookDeliveries(endpointId);
  const replay = useReplayWebhookDelivery();
  if (deliveries.error) return <ErrorBox error={deliveries.error} />;
  if (!deliveries.data) return <Loading />;
  if (!deliveries.data.items.length)
    return <Text c="dimmed">Nothing sent yet: deliveries appear here when a subscribed event happens.</Text>;
  const again = async (d: WebhookDelivery) => {
    try {
      await replay.mutateAsync(d.id);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped aria-label="Deliveries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Event</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.data.items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm" fw={500}>
                    {d.eventType}
                  </Text>
                  <Code>{d.messageId}</Code>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Badge color={statusColor[d.status]}>{d.status}</Badge>
                {d.status === 'pending' && d.attempts > 0 && (
                  <Text size="xs" c="dimmed">
                    next try {dateTime(d.nextAttemptAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <details>
                  <summary>
                    {d.attempts}{' '}
                    {d.lastStatus ? `(last answer ${d.lastStatus})` : d.lastError ? `(${d.lastError})` : ''}
                  </summary>
                  {d.log.map((a) => (
                    <Text key={a.id} size="xs">
                      {dateTime(a.at)} — {a.responseStatus ?? a.error} in {a.durationMs} ms
                      {a.responseBody ? `: ${a.responseBody.slice(0, 200)}` : ''}
                    </Text>
                  ))}
                </details>
              </Table.Td>
              <Table.Td>{dateTime(d.createdAt)}</Table.Td>
              <Table.Td>
                <Group justify="flex-end">
                  <Button
                    size="xs"
                    variant="light"
                    disabled={!enabled}
                    title={enabled ? undefined : 'Enable the endpoint to replay'}
                    onClick={() => void again(d)}
                  >
                    Replay
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
