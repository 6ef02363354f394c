import { useState } from 'react';
import {
  ActionIcon,
  Button,
  Card,
  Divider,
  Group,
  NumberInput,
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
import { CreateJob, ProductType, productTypeLabels } from '../../../shared/jobs';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useAccount, useAccountPick, useContacts } from '../../data/accounts';
import { useCreateJob } from '../../data/jobs';
import { PageHeader } from '../../app/ui';
import { TemplatePicker } from './template-picker';

type Item = {
  productType: string;
  quantity: number | string;
  pages: number | string;
  width: number | string;
  height: number | string;
  unit: string;
  front: number | string;
  back: number | string;
  stock: string;
  description: string;
};
type Values = {
  accountId: string | null;
  contactId: string | null;
  costCentreId: string | null;
  clientPo: string;
  title: string;
  dueDate: string;
  inHandsDate: string;
  priority: string;
  description: string;
  internalNotes: string;
  items: Item[];
};

const newItem = (): Item => ({
  productType: 'flat_sheet',
  quantity: 1000,
  pages: '',
  width: '',
  height: '',
  unit: 'in',
  front: 4,
  back: 0,
  stock: '',
  description: '',
});
const num = (v: number | string) => (v === '' ? undefined : Number(v));
const blank = (s: string) => (s.trim() ? s.trim() : null);

function toBody(v: Values) {
  return {
    accountId: v.accountId ?? '',
    contactId: v.contactId,
    costCentreId: v.costCentreId,
    clientPo: blank(v.clientPo),
    title: v.title,
    dueDate: v.dueDate,
    inHandsDate: blank(v.inHandsDate),
    priority: v.priority,
    description: blank(v.description),
    internalNotes: blank(v.internalNotes),
    items: v.items.map((i) => ({
      productType: i.productType,
      quantity: num(i.quantity),
      pages: num(i.pages) ?? null,
      description: blank(i.description),
      spec: {
        ...(i.width !== '' && i.height !== ''
          ? { finishedSize: { width: Number(i.width), height: Number(i.height), unit: i.unit } }
          : {}),
        inks: { front: Number(i.front) || 0, back: Number(i.back) || 0, spots: [] },
        ...(i.stock.trim() ? { stock: { name: i.stock.trim() } } : {}),
      },
    })),
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
      clientPo: '',
      title: '',
      dueDate: '',
      inHandsDate: '',
      priority: 'normal',
      description: '',
      internalNotes: '',
      items: [newItem()],
    },
    validate: zodValidate(CreateJob, (v: Values) => toBody(v)),
  });
  const accounts = useAccountPick(term);
  const accountId = form.values.accountId;
  const account = useAccount(accountId);
  const contacts = useContacts(accountId);
  const accountOptions = [...(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))];
  if (account.data && !accountOptions.some((o) => o.value === account.data.id))
    accountOptions.unshift({ value: account.data.id, label: account.data.name });

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
            }}
          />
          <TextInput label="Title" withAsterisk {...form.getInputProps('title')} />
          <TextInput label="Due date" type="date" withAsterisk {...form.getInputProps('dueDate')} />
          <Select
            label="Contact"
            clearable
            data={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            {...form.getInputProps('contactId')}
          />
          <Select
            label="Cost centre"
            clearable
            data={(account.data?.costCentres ?? []).map((c) => ({
              value: c.id,
              label: `${c.name} (${c.code})`,
            }))}
            {...form.getInputProps('costCentreId')}
          />
          <TextInput
            label={account.data?.poRequired ? 'Client PO (required)' : 'Client PO'}
            withAsterisk={account.data?.poRequired}
            {...form.getInputProps('clientPo')}
          />
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
            <Group align="flex-end" gap="xs">
              <Select
                label="Product"
                w={170}
                allowDeselect={false}
                data={ProductType.options.map((p) => ({ value: p, label: productTypeLabels[p] }))}
                {...form.getInputProps(`items.${i}.productType`)}
              />
              <NumberInput
                label="Quantity"
                w={110}
                min={1}
                thousandSeparator
                {...form.getInputProps(`items.${i}.quantity`)}
              />
              <NumberInput label="Pages" w={80} min={1} {...form.getInputProps(`items.${i}.pages`)} />
              <NumberInput
                label="Width"
                w={80}
                decimalScale={3}
                {...form.getInputProps(`items.${i}.width`)}
              />
              <NumberInput
                label="Height"
                w={80}
                decimalScale={3}
                {...form.getInputProps(`items.${i}.height`)}
              />
              <Select
                label="Unit"
                w={70}
                allowDeselect={false}
                data={['in', 'mm']}
                {...form.getInputProps(`items.${i}.unit`)}
              />
              <NumberInput
                label="Ink front"
                w={80}
                min={0}
                max={8}
                {...form.getInputProps(`items.${i}.front`)}
              />
              <NumberInput
                label="Ink back"
                w={80}
                min={0}
                max={8}
                {...form.getInputProps(`items.${i}.back`)}
              />
              <TextInput
                label="Stock"
                w={180}
                placeholder="100lb gloss text"
                {...form.getInputProps(`items.${i}.stock`)}
              />
              <TextInput
                label="Description"
                style={{ flex: 1 }}
                {...form.getInputProps(`items.${i}.description`)}
              />
              {form.values.items.length > 1 && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mb={4}
                  aria-label={`Remove item ${i + 1}`}
                  onClick={() => form.removeListItem('items', i)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
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
            onClick={() => form.insertListItem('items', newItem())}
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
