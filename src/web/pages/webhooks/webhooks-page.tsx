import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { useParams } from 'react-router';
import type { WebhookEndpoint } from '../../../shared/webhooks';
import { reportError } from '../../app/feedback';
import { dateTime, ErrorBox, Loading, PageHeader } from '../../app/ui';
import { useRemoveWebhookEndpoint, useUpdateWebhookEndpoint, useWebhookEndpoints } from '../../data/webhooks';
import { Deliveries } from './deliveries';
import { EndpointForm } from './endpoint-form';

/**
 * Admin → Webhooks: the endpoints other systems gave us, what each hears, and its delivery log. Secrets are
 * shown once (at creation and after a rotation).
 */
export function WebhooksPage() {
  const endpoints = useWebhookEndpoints();
  const update = useUpdateWebhookEndpoint();
  const remove = useRemoveWebhookEndpoint();
  const [form, setForm] = useState<{ editing: WebhookEndpoint | null } | null>(null);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  // The disabled-endpoint e-mail links to /admin/webhooks/{id}: open that endpoint's deliveries.
  const [shown, setShown] = useState<string | null>(useParams().id ?? null);
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (err) {
      reportError(err);
    }
  };
  const rotate = (e: WebhookEndpoint) =>
    modals.openConfirmModal({
      title: `Rotate the secret of ${e.url}?`,
      children: (
        <Text size="sm">
          A new secret signs from now on. For 24 hours the old one signs too (two signatures per request), so
          the receiver can switch without missing a message.
        </Text>
      ),
      labels: { confirm: 'Rotate', cancel: 'Cancel' },
      onConfirm: () =>
        run(async () => {
          const r = await update.mutateAsync({ id: e.id, body: { rotateSecret: true } });
          setSecret({ title: 'The new signing secret', value: r.secret ?? '' });
        }),
    });
  const confirmRemove = (e: WebhookEndpoint) =>
    modals.openConfirmModal({
      title: `Remove ${e.url}?`,
      children: <Text size="sm">It stops hearing events, and its delivery log goes with it.</Text>,
      labels: { confirm: 'Remove', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => run(() => remove.mutateAsync(e.id)),
    });
  return (
    <>
      <PageHeader
        title="Webhooks"
        sub="Other systems hear what happens here: signed HTTPS requests (Standard Webhooks), retried for three days."
      >
        <Button onClick={() => setForm({ editing: null })}>New endpoint</Button>
      </PageHeader>
      {endpoints.error ? (
        <ErrorBox error={endpoints.error} />
      ) : !endpoints.data ? (
        <Loading />
      ) : endpoints.data.items.length === 0 ? (
        <Text c="dimmed">No endpoints yet: create one to send events to another system.</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped aria-label="Webhook endpoints">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Endpoint</Table.Th>
                <Table.Th>Events</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {endpoints.data.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Stack gap={2}>
                      <Anchor
                        component="button"
                        type="button"
                        onClick={() => setShown(shown === e.id ? null : e.id)}
                      >
                        {e.url}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {[e.description, e.accountName && `only ${e.accountName}`, `secret ${e.secretHint}`]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.eventTypes.join(', ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    {e.enabled ? <Badge color="green">enabled</Badge> : <Badge color="gray">disabled</Badge>}
                    {e.disabledReason && (
                      <Text size="xs" c="dimmed">
                        {e.disabledReason}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      last success {dateTime(e.lastSuccessAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="wrap">
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => setShown(shown === e.id ? null : e.id)}
                      >
                        Deliveries
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setForm({ editing: e })}>
                        Edit
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() =>
                          run(() => update.mutateAsync({ id: e.id, body: { enabled: !e.enabled } }))
                        }
                      >
                        {e.enabled ? 'Disable' : 'Enable'}
                      </Button>
                      <Button size="xs" variant="default" onClick={() => rotate(e)}>
                        Rotate secret
                      </Button>
                      <Button size="xs" variant="subtle" color="red" onClick={() => confirmRemove(e)}>
                        Remove
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {shown && endpoints.data?.items.some((e) => e.id === shown) && (
        <Stack mt="lg">
          <Title order={3}>Deliveries to {endpoints.data.items.find((e) => e.id === shown)!.url}</Title>
          <Deliveries
            endpointId={shown}
            enabled={endpoints.data.items.find((e) => e.id === shown)!.enabled}
          />
        </Stack>
      )}
      {form && (
        <EndpointForm
          opened
          editing={form.editing}
          onClose={() => setForm(null)}
          onCreated={(e) => {
            setSecret({ title: 'The signing secret', value: e.secret ?? '' });
            setShown(e.id);
          }}
        />
      )}
      <Modal opened={secret !== null} onClose={() => setSecret(null)} title={secret?.title}>
        <Stack>
          <Alert color="yellow">Copy it to the receiving system now: it will not be shown again.</Alert>
          <Code block aria-label="Signing secret">
            {secret?.value}
          </Code>
          <CopyButton value={secret?.value ?? ''}>
            {({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}
          </CopyButton>
        </Stack>
      </Modal>
    </>
  );
}
