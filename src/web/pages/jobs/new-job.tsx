import { useEffect, useRef, useState } from 'react';
import {
  ActionIcon,
  Button,
  Card,
  Divider,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useNavigate, useSearchParams } from 'react-router';
import { CreateJob } from '../../../shared/jobs';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useAccount, useAccountPick } from '../../data/accounts';
import { useCreateJob } from '../../data/jobs';
import { PageHeader } from '../../app/ui';
import { TemplatePicker } from './template-picker';
import { ItemSpecFields, itemBodyOf, newItemValues, type ItemValues } from './item-spec-form';
import { AccountLinkFields } from './account-link-fields';
import { DeliveryHint } from './delivery-hint';

type Values = {
  accountId: string | null;
  contactId: string | null;
  costCentreId: string | null;
  shipToAddressId: string | null;
  clientPo: string;
  title: string;
  dueDate: string;
  inHandsDate: string;
  priority: string;
  description: string;
  internalNotes: string;
  items: ItemValues[];
};

const blank = (s: string) => (s.trim() ? s.trim() : null);

function toBody(v: Values) {
  return {
    accountId: v.accountId ?? '',
    contactId: v.contactId,
    costCentreId: v.costCentreId,
    shipToAddressId: v.shipToAddressId,
    clientPo: blank(v.clientPo),
    title: v.title,
    dueDate: v.dueDate,
    inHandsDate: blank(v.inHandsDate),
    priority: v.priority,
    description: blank(v.description),
    internalNotes: blank(v.internalNotes),
    items: v.items.map(itemBodyOf),
  };
}

/** A new job, fast from the keyboard: account, title, due date, then one line per item. */
export function NewJobPage() {
  const navigate = useNavigate();
  const createJob = useCreateJob();
  const [params] = useSearchParams();
  const [accountSearch, setAccountSearch] = useState('');
  const [term] = useDebouncedValue(accountSearch, 200);
  const form = useForm<Values>({
    initialValues: {
      accountId: params.get('accountId'),
      contactId: null,
      costCentreId: null,
      shipToAddressId: null,
      clientPo: '',
      title: '',
      dueDate: '',
      inHandsDate: '',
      priority: 'normal',
      description: '',
      internalNotes: '',
      items: [newItemValues()],
    },
    validate: zodValidate(CreateJob, (v: Values) => toBody(v)),
  });
  const accounts = useAccountPick(term);
  const accountId = form.values.accountId;
  const account = useAccount(accountId);
  const accountOptions = [...(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))];
  if (account.data && !accountOptions.some((o) => o.value === account.data.id))
    accountOptions.unshift({ value: account.data.id, label: account.data.name });
  // The contact and ship-to default from the account once it has loaded (and again when it changes).
  const defaultsFor = useRef<string | null>(null);
  useEffect(() => {
    const a = account.data;
    if (!a || defaultsFor.current === a.id) return;
    defaultsFor.current = a.id;
    const shipping = a.addresses.filter((x) => x.kind === 'shipping');
    form.setFieldValue('contactId', a.primaryContact?.id ?? null);
    form.setFieldValue('shipToAddressId', (shipping.find((x) => x.isDefault) ?? shipping[0])?.id ?? null);
  }, [account.data, form]);

  const submit = form.onSubmit(async (v) => {
    try {
      // The form was validated against CreateJob with the same body; parsing gives the typed request.
      const job = await createJob.mutateAsync(CreateJob.parse(toBody(v)));
      saved(`Created ${job.number}${job.risk !== 'on_track' ? ' — it is already at risk' : ''}`);
      navigate(`/jobs/${job.id}`);
    } catch (err) {
      reportError(err, form as never);
    }
  });

  return (
    <form onSubmit={submit}>
      <PageHeader title="New job">
        <TemplatePicker
          accountId={form.values.accountId}
          dueDate={form.values.dueDate}
          clientPo={form.values.clientPo}
          title={form.values.title}
        />
        <Button type="submit">Create job</Button>
      </PageHeader>
      <Stack>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Select
            label="Account"
            withAsterisk
            searchable
            data={accountOptions}
            searchValue={accountSearch}
            onSearchChange={setAccountSearch}
            nothingFoundMessage="No account found"
            {...form.getInputProps('accountId')}
            onChange={(v) => {
              form.setFieldValue('accountId', v);
              form.setFieldValue('contactId', null);
              form.setFieldValue('costCentreId', null);
              form.setFieldValue('shipToAddressId', null);
            }}
          />
          <TextInput label="Title" withAsterisk {...form.getInputProps('title')} />
          <TextInput label="Due date" type="date" withAsterisk {...form.getInputProps('dueDate')} />
          <DeliveryHint
            dueDate={form.values.dueDate}
            items={form.values.items.map(itemBodyOf).map((i) => ({
              productType: i.productType,
              quantity: i.quantity,
              spec: i.spec,
            }))}
          />
          <AccountLinkFields form={form} accountId={accountId} />
          <TextInput label="In-hands date" type="date" {...form.getInputProps('inHandsDate')} />
          <Select
            label="Priority"
            allowDeselect={false}
            data={['low', 'normal', 'high', 'rush']}
            {...form.getInputProps('priority')}
          />
        </SimpleGrid>
        <Divider label="Items" labelPosition="left" />
        {form.values.items.map((_, i) => (
          <Card withBorder key={i} p="sm">
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={500}>Item {i + 1}</Text>
                {form.values.items.length > 1 && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove item ${i + 1}`}
                    onClick={() => form.removeListItem('items', i)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
              <ItemSpecFields form={form} path={`items.${i}`} label={`item ${i + 1}`} />
            </Stack>
          </Card>
        ))}
        {typeof form.errors.items === 'string' && (
          <Text c="red" size="sm">
            {form.errors.items}
          </Text>
        )}
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => form.insertListItem('items', newItemValues())}
          >
            Add item
          </Button>
        </Group>
        <SimpleGrid cols={2}>
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Textarea
            label="Notes for production"
            autosize
            minRows={2}
            {...form.getInputProps('internalNotes')}
          />
        </SimpleGrid>
      </Stack>
    </form>
  );
}
