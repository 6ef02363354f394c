import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import {
  mailClassLabels,
  sortLevelLabels,
  type MailClass,
  type MailingSettings,
  type MailShape,
  type SortLevel,
} from '../../../shared/mailing';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { reportError, saved } from '../../app/feedback';
import { ErrorBox, Loading } from '../../app/ui';
import {
  useAddRate,
  useMailingSettings,
  usePostageRates,
  useRemoveRate,
  useSaveMailingSettings,
} from '../../data/mailing';

const options = <T extends string>(labels: Record<T, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label: label as string }));

/** The postage rate table with effective dates; admins add, change and remove rates. */
export function RatesPanel() {
  const user = useUser();
  const isAdmin = can(user.role, 'mailing.rates.edit');
  const rates = usePostageRates();
  const addRate = useAddRate();
  const removeRate = useRemoveRate();
  const [form, setForm] = useState({
    mailClass: 'marketing' as MailClass,
    shape: 'letter' as MailShape,
    sortLevel: '5digit' as SortLevel,
    price: 0,
    effectiveFrom: '',
    label: '',
  });
  const add = async () => {
    try {
      await addRate.mutateAsync({
        mailClass: form.mailClass,
        shape: form.shape,
        sortLevel: form.sortLevel,
        priceMills: Math.round(form.price * 1000),
        effectiveFrom: form.effectiveFrom,
        label: form.label || null,
      });
      saved('Rate added');
    } catch (err) {
      reportError(err);
    }
  };
  const remove = async (id: string) => {
    try {
      await removeRate.mutateAsync(id);
    } catch (err) {
      reportError(err);
    }
  };
  if (rates.error) return <ErrorBox error={rates.error} />;
  if (!rates.data) return <Loading />;
  return (
    <Stack>
      <Alert color="gray">
        Postage estimates use the rate in effect on the mailing date: for each class, shape and sort level,
        the row with the latest effective date not after it. Keep this table in step with the USPS price list
        (Notice 123).
      </Alert>
      <Table striped aria-label="Postage rates">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Class</Table.Th>
            <Table.Th>Shape</Table.Th>
            <Table.Th>Sort level</Table.Th>
            <Table.Th ta="right">Per piece</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>Label</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rates.data.items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{mailClassLabels[r.mailClass]}</Table.Td>
              <Table.Td>{r.shape}</Table.Td>
              <Table.Td>{sortLevelLabels[r.sortLevel]}</Table.Td>
              <Table.Td ta="right">${(r.priceMills / 1000).toFixed(3)}</Table.Td>
              <Table.Td>{r.effectiveFrom}</Table.Td>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td>
                {isAdmin && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label="Remove rate"
                    onClick={() => void remove(r.id)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!rates.data.items.length && <Text c="dimmed">No rates yet: postage cannot be estimated.</Text>}
      {isAdmin && (
        <Card withBorder>
          <Text fw={600} mb="xs">
            Add a rate
          </Text>
          <Group align="flex-end">
            <Select
              label="Class"
              data={options(mailClassLabels)}
              value={form.mailClass}
              onChange={(v) => v && setForm({ ...form, mailClass: v as MailClass })}
            />
            <Select
              label="Shape"
              data={['letter', 'postcard', 'flat']}
              value={form.shape}
              onChange={(v) => v && setForm({ ...form, shape: v as MailShape })}
            />
            <Select
              label="Sort level"
              data={options(sortLevelLabels)}
              value={form.sortLevel}
              onChange={(v) => v && setForm({ ...form, sortLevel: v as SortLevel })}
            />
            <NumberInput
              label="Per piece ($)"
              decimalScale={3}
              min={0}
              value={form.price}
              onChange={(v) => setForm({ ...form, price: Number(v) || 0 })}
            />
            <TextInput
              label="Effective from"
              placeholder="YYYY-MM-DD"
              value={form.effectiveFrom}
              onChange={(e) => setForm({ ...form, effectiveFrom: e.currentTarget.value })}
            />
            <TextInput
              label="Label"
              placeholder="USPS Notice 123, July 2025"
              value={form.label}
              onChange={(e) => setForm({ ...form, label: e.currentTarget.value })}
            />
            <Button onClick={() => void add()}>Add</Button>
          </Group>
        </Card>
      )}
    </Stack>
  );
}

/** The shop's Mailer ID and IMb service types (admins). */
export function MailingSettingsPanel() {
  const user = useUser();
  const settings = useMailingSettings();
  const saveSettings = useSaveMailingSettings();
  const [draft, setDraft] = useState<Partial<MailingSettings>>({});
  if (settings.error) return <ErrorBox error={settings.error} />;
  if (!settings.data) return <Loading />;
  const s = { ...settings.data, ...draft };
  const save = async () => {
    try {
      await saveSettings.mutateAsync({
        mailerId: s.mailerId ?? '',
        serviceTypeFirstClass: s.serviceTypeFirstClass,
        serviceTypeMarketing: s.serviceTypeMarketing,
        barcodeId: s.barcodeId,
      });
      setDraft({});
      saved('Mailing settings saved');
    } catch (err) {
      reportError(err);
    }
  };
  // The server lets the same people change the Mailer ID as the postage rates.
  const editable = can(user.role, 'mailing.rates.edit');
  return (
    <Card withBorder maw={640}>
      <Stack>
        <TextInput
          label="Mailer ID"
          description="From USPS Business Customer Gateway: 6 digits, or 9 digits starting with 9"
          value={s.mailerId ?? ''}
          disabled={!editable}
          onChange={(e) => setDraft({ ...draft, mailerId: e.currentTarget.value })}
        />
        <Group grow>
          <TextInput
            label="Barcode ID"
            value={s.barcodeId}
            disabled={!editable}
            onChange={(e) => setDraft({ ...draft, barcodeId: e.currentTarget.value })}
          />
          <TextInput
            label="Service type, First-Class"
            value={s.serviceTypeFirstClass}
            disabled={!editable}
            onChange={(e) => setDraft({ ...draft, serviceTypeFirstClass: e.currentTarget.value })}
          />
          <TextInput
            label="Service type, Marketing Mail"
            value={s.serviceTypeMarketing}
            disabled={!editable}
            onChange={(e) => setDraft({ ...draft, serviceTypeMarketing: e.currentTarget.value })}
          />
        </Group>
        <Text size="sm" c="dimmed">
          Choose service type IDs from the USPS STID table for the services you buy (Full-Service, ACS). Next
          serial: {s.nextSerial}.
        </Text>
        {editable && <Button onClick={() => void save()}>Save</Button>}
      </Stack>
    </Card>
  );
}
