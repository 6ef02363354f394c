import { useState } from 'react';
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import type { ApiToken } from '../../../shared/users';
import { reportError } from '../../app/feedback';
import { dateTime, ErrorBox, Loading, PageHeader } from '../../app/ui';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from '../../data/users';

/** Your API tokens for scripts and integrations: the secret is shown once. */
export function ApiTokensPage() {
  const tokens = useApiTokens();
  const createToken = useCreateApiToken();
  const revokeToken = useRevokeApiToken();
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>(90);
  const [created, setCreated] = useState<string | null>(null);
  const create = async () => {
    try {
      const t = await createToken.mutateAsync({ name, expiresInDays: Number(days) || null });
      setCreated(t.token);
      setName('');
    } catch (err) {
      reportError(err);
    }
  };
  const revoke = (t: ApiToken) =>
    modals.openConfirmModal({
      title: `Revoke “${t.name}”?`,
      children: <Text size="sm">Anything still using this token stops working at once.</Text>,
      labels: { confirm: 'Revoke', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await revokeToken.mutateAsync(t.id);
        } catch (err) {
          reportError(err);
        }
      },
    });
  return (
    <>
      <PageHeader
        title="API tokens"
        sub="Tokens act as you, with your role. Send them as Authorization: Bearer <token>."
      />
      <Group align="flex-end" mb="md">
        <TextInput
          label="What is it for?"
          placeholder="ERP sync"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <NumberInput label="Expires in days" min={1} max={730} value={days} onChange={setDays} w={140} />
        <Button onClick={create} disabled={!name.trim()} mb={1}>
          Create token
        </Button>
      </Group>
      {tokens.error ? (
        <ErrorBox error={tokens.error} />
      ) : !tokens.data ? (
        <Loading />
      ) : tokens.data.items.length === 0 ? (
        <Text c="dimmed">
          No tokens yet: name one above and create it to let a script or system act as you.
        </Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Token</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.data.items.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>
                  <Code>{t.prefix}…</Code>
                </Table.Td>
                <Table.Td>{dateTime(t.createdAt)}</Table.Td>
                <Table.Td>{dateTime(t.lastUsedAt)}</Table.Td>
                <Table.Td>{t.expiresAt ? dateTime(t.expiresAt) : 'Never'}</Table.Td>
                <Table.Td>
                  {t.revokedAt ? (
                    <Text size="sm" c="dimmed">
                      Revoked
                    </Text>
                  ) : (
                    <Button size="xs" variant="subtle" color="red" onClick={() => revoke(t)}>
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={created !== null} onClose={() => setCreated(null)} title="Your new token">
        <Stack>
          <Alert color="yellow">Copy it now: it will not be shown again.</Alert>
          <Code block>{created}</Code>
          <CopyButton value={created ?? ''}>
            {({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}
          </CopyButton>
        </Stack>
      </Modal>
    </>
  );
}
