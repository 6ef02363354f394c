import { useContext, useState } from 'react';
import { Button, Group, Modal, MultiSelect, Stack, TextInput } from '@mantine/core';
import type { WebhookEndpoint } from '../../../shared/webhooks';
import { reportError } from '../../app/feedback';
import {
  useCreateWebhookEndpoint,
  useEventTypes,
  useUpdateWebhookEndpoint,
  WebhooksBase,
} from '../../data/webhooks';
import { AccountSelect } from '../reports/lookup-selects';

/**
 * Create or edit an endpoint: its address, the events it hears and, optionally, the one client account it
 * is limited to. A new endpoint's secret comes back once, through `onCreated`.
 */
export function EndpointForm(props: {
  editing: WebhookEndpoint | null;
  opened: boolean;
  onClose: () => void;
  onCreated: (endpoint: WebhookEndpoint) => void;
}) {
  const { editing } = props;
  const types = useEventTypes();
  // In the portal the endpoint is always the client's own account's: no account to choose.
  const inPortal = useContext(WebhooksBase) !== '';
  const create = useCreateWebhookEndpoint();
  const update = useUpdateWebhookEndpoint();
  const [url, setUrl] = useState(editing?.url ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [eventTypes, setEventTypes] = useState<string[]>(editing?.eventTypes ?? []);
  const [accountId, setAccountId] = useState<string | null>(editing?.accountId ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = async () => {
    const body = {
      url: url.trim(),
      description: description.trim() || null,
      eventTypes: eventTypes as WebhookEndpoint['eventTypes'],
      ...(inPortal ? {} : { accountId }),
    };
    try {
      if (editing) await update.mutateAsync({ id: editing.id, body });
      else props.onCreated(await create.mutateAsync(body));
      props.onClose();
    } catch (err) {
      const fields = (err as { problem?: { errors?: { path: string; message: string }[] } }).problem?.errors;
      if (fields?.length) setErrors(Object.fromEntries(fields.map((f) => [f.path, f.message])));
      else reportError(err);
    }
  };
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={editing ? 'Edit webhook endpoint' : 'New webhook endpoint'}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput
            label="Endpoint URL"
            description="An https:// address that answers 2xx within 10 seconds"
            placeholder="https://erp.example.com/jobjacket/webhooks"
            required
            data-autofocus
            value={url}
            error={errors.url}
            onChange={(e) => setUrl(e.currentTarget.value)}
          />
          <TextInput
            label="Description"
            placeholder="ERP sync"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <MultiSelect
            label="Events"
            placeholder="Choose the events it hears"
            required
            searchable
            data={(types.data?.items ?? []).map((t) => ({ value: t.type, label: t.type }))}
            value={eventTypes}
            error={errors.eventTypes}
            onChange={setEventTypes}
          />
          {!inPortal && (
            <AccountSelect
              label="Only this client's events (optional)"
              required={false}
              value={accountId}
              onChange={setAccountId}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {editing ? 'Save' : 'Create endpoint'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
