import { useState } from 'react';
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Portal } from '../../../shared/portals';
import { PunchOutSettingsInput, type PunchOutSettings } from '../../../shared/punchout';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { dateTime, ErrorBox, Loading } from '../../app/ui';
import { usePunchOutSettings, useSavePunchOut, useSetPunchOutSecret } from '../../data/punchout';
import { useAccount } from './account-picker';

const initial = (s: PunchOutSettings | null) => ({
  enabled: s?.enabled ?? true,
  fromDomain: s?.fromDomain ?? 'NetworkID',
  fromIdentity: s?.fromIdentity ?? '',
  toDomain: s?.toDomain ?? 'DUNS',
  toIdentity: s?.toIdentity ?? '',
  senderDomain: s?.senderDomain ?? 'NetworkID',
  senderIdentity: s?.senderIdentity ?? '',
  costCentreId: s?.costCentreId ?? '',
  buyerEmail: s?.buyerEmail ?? '',
  buyerName: s?.buyerName ?? '',
  noticeUrl: s?.noticeUrl ?? '',
});
type Values = ReturnType<typeof initial>;
const toInput = (v: Values) => ({ ...v, noticeUrl: v.noticeUrl.trim() || null });

/** Sets or rotates the shared secret; the new one is shown once, to give to the procurement system. */
function SecretSection({ portalId, settings }: { portalId: string; settings: PunchOutSettings }) {
  const setSecret = useSetPunchOutSecret(portalId);
  const [typed, setTyped] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const submit = async (secret?: string) => {
    try {
      const res = await setSecret.mutateAsync(secret ? { secret } : {});
      setShown(res.secret);
      setTyped('');
      saved('Shared secret set');
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Stack gap="xs">
      <Title order={4}>Shared secret</Title>
      <Text size="sm" c="dimmed">
        {settings.secretSetAt
          ? `Set ${dateTime(settings.secretSetAt)}. Only its hash is kept: setting a new one stops the old one at once.`
          : 'Not set yet: documents are refused until it is.'}
      </Text>
      {shown && (
        <Alert color="green" title="Give this secret to the procurement system now — it is not shown again">
          <Group gap="xs" wrap="nowrap">
            <Code style={{ wordBreak: 'break-all' }}>{shown}</Code>
            <CopyButton value={shown}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <Group align="flex-end" wrap="wrap">
        <PasswordInput
          label="Secret agreed with the procurement system"
          description="16 characters or more"
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          style={{ flex: '1 1 16rem' }}
        />
        <Button variant="default" disabled={typed.length < 16} onClick={() => void submit(typed)}>
          Set this secret
        </Button>
        <Button variant="light" onClick={() => void submit()}>
          Generate a new secret
        </Button>
      </Group>
    </Stack>
  );
}

function SettingsForm({ portal, settings }: { portal: Portal; settings: PunchOutSettings | null }) {
  const account = useAccount(portal.account.id);
  const save = useSavePunchOut(portal.id);
  const form = useForm({
    initialValues: initial(settings),
    validate: zodValidate(PunchOutSettingsInput, toInput as never),
  });
  const submit = form.onSubmit(async (v) => {
    try {
      await save.mutateAsync(toInput(v));
      saved('PunchOut set-up saved');
    } catch (err) {
      reportError(err, form as never);
    }
  });
  const pair = (label: string, key: 'from' | 'to' | 'sender', help: string) => (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput label={`${label} domain`} withAsterisk {...form.getInputProps(`${key}Domain`)} />
      <TextInput
        label={`${label} identity`}
        description={help}
        withAsterisk
        {...form.getInputProps(`${key}Identity`)}
      />
    </SimpleGrid>
  );
  return (
    <form onSubmit={submit}>
      <Stack>
        <Switch label="PunchOut on" {...form.getInputProps('enabled', { type: 'checkbox' })} />
        {pair('From', 'from', 'The buying organisation')}
        {pair('To', 'to', 'This shop, as the procurement system knows it')}
        {pair('Sender', 'sender', 'The system that sends the documents')}
        <Select
          label="Cost centre of punch-out orders"
          withAsterisk
          data={(account.data?.costCentres ?? []).map((c) => ({
            value: c.id,
            label: `${c.name} (${c.code})`,
          }))}
          {...form.getInputProps('costCentreId')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Punch-out buyer e-mail"
            description="Used when the procurement system names no user"
            withAsterisk
            {...form.getInputProps('buyerEmail')}
          />
          <TextInput label="Punch-out buyer name" withAsterisk {...form.getInputProps('buyerName')} />
        </SimpleGrid>
        <TextInput
          label="Notice URL"
          description="Order confirmations and ship notices are posted here; empty: none are sent"
          placeholder="https://…"
          {...form.getInputProps('noticeUrl')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save PunchOut set-up
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A portal's cXML PunchOut: the procurement system's credentials, the shared secret, where notices go. */
export function PunchOutTab({ portal }: { portal: Portal }) {
  const settings = usePunchOutSettings(portal.id);
  if (settings.error) return <ErrorBox error={settings.error} />;
  if (settings.isLoading) return <Loading />;
  const current = settings.data ?? null;
  return (
    <Stack maw={760}>
      <Text size="sm">
        Procurement systems (Coupa, SAP Ariba, Jaggaer) shop in this portal by cXML PunchOut.
        {current && (
          <>
            {' '}
            They post their documents to <Code>{current.endpointUrl}</Code>.
          </>
        )}
      </Text>
      <SettingsForm key={current?.secretSetAt ?? 'new'} portal={portal} settings={current} />
      {current ? (
        <SecretSection portalId={portal.id} settings={current} />
      ) : (
        <Text size="sm" c="dimmed">
          Save the set-up, then set the shared secret.
        </Text>
      )}
    </Stack>
  );
}
