import {
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Job } from '../../../shared/jobs';
import { reportError, saved } from '../../app/feedback';
import { useUpdateJob } from '../../data/jobs';
import { useActiveUsers } from '../../data/users';
import {
  ChangeOrderFields,
  changeOrderBody,
  newChangeOrder,
  type ChangeOrderValues,
} from './change-order-fields';
import { AccountLinkFields } from './account-link-fields';

type Values = {
  title: string;
  dueDate: string;
  inHandsDate: string;
  clientPo: string;
  contactId: string | null;
  costCentreId: string | null;
  shipToAddressId: string | null;
  ownerId: string | null;
  priority: string;
  estimatedPrice: number | string;
  description: string;
  clientNotes: string;
  internalNotes: string;
  changeOrder: ChangeOrderValues;
};

const valuesOf = (j: Job): Values => ({
  title: j.title,
  dueDate: j.dueDate,
  inHandsDate: j.inHandsDate ?? '',
  clientPo: j.clientPo ?? '',
  contactId: j.contactId,
  costCentreId: j.costCentreId,
  shipToAddressId: j.shipTo?.addressId ?? null,
  ownerId: j.owner?.id ?? null,
  priority: j.priority,
  estimatedPrice: j.estimatedPriceCents === null ? '' : j.estimatedPriceCents / 100,
  description: j.description ?? '',
  clientNotes: j.clientNotes ?? '',
  internalNotes: j.internalNotes ?? '',
  changeOrder: newChangeOrder(),
});
const orNull = (s: string) => s.trim() || null;

/** The job's header in one dialog: title, dates, PO, contact, ship-to, AM, priority, price and notes. */
export function JobEditDialog({ job, opened, onClose }: { job: Job; opened: boolean; onClose: () => void }) {
  const form = useForm<Values>({ initialValues: valuesOf(job) });
  const users = useActiveUsers(opened);
  const update = useUpdateJob(job.id);
  const submit = form.onSubmit(async (v) => {
    const { changeOrder, estimatedPrice, shipToAddressId, ...rest } = v;
    try {
      await update.mutateAsync({
        ...rest,
        inHandsDate: orNull(v.inHandsDate),
        clientPo: orNull(v.clientPo),
        description: orNull(v.description),
        clientNotes: orNull(v.clientNotes),
        internalNotes: orNull(v.internalNotes),
        priority: v.priority as Job['priority'],
        estimatedPriceCents: estimatedPrice === '' ? null : Math.round(Number(estimatedPrice) * 100),
        ...(shipToAddressId !== (job.shipTo?.addressId ?? null) ? { shipToAddressId } : {}),
        changeOrder: changeOrderBody(job, changeOrder),
      });
      saved(`${job.number} saved`);
      onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  const owners = (users.data?.items ?? []).filter(
    (u) => u.role === 'account_manager' || u.role === 'manager',
  );
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${job.number}`} size="xl">
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <TextInput label="Title" withAsterisk data-autofocus {...form.getInputProps('title')} />
            <TextInput label="Due date" type="date" withAsterisk {...form.getInputProps('dueDate')} />
            <TextInput label="In-hands date" type="date" {...form.getInputProps('inHandsDate')} />
            <AccountLinkFields form={form} accountId={job.account.id} />
            <Select
              label="Account manager"
              clearable
              searchable
              data={owners.map((u) => ({ value: u.id, label: u.name }))}
              {...form.getInputProps('ownerId')}
            />
            <Select
              label="Priority"
              allowDeselect={false}
              data={['low', 'normal', 'high', 'rush']}
              {...form.getInputProps('priority')}
            />
            <NumberInput
              label="Estimated price ($)"
              min={0}
              decimalScale={2}
              thousandSeparator
              prefix="$"
              {...form.getInputProps('estimatedPrice')}
            />
          </SimpleGrid>
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <Textarea
              label="Notes for the client"
              autosize
              minRows={2}
              {...form.getInputProps('clientNotes')}
            />
            <Textarea
              label="Notes for production"
              autosize
              minRows={2}
              {...form.getInputProps('internalNotes')}
            />
          </SimpleGrid>
          <ChangeOrderFields job={job} form={form} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
