import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ItemInput, type Job } from '../../../shared/jobs';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useAddJobItem, useRemoveJobItem, useUpdateJobItem } from '../../data/jobs';
import {
  ChangeOrderFields,
  changeOrderBody,
  newChangeOrder,
  type ChangeOrderValues,
} from './change-order-fields';
import { ItemSpecFields, itemBodyOf, itemValuesOf, newItemValues, type ItemValues } from './item-spec-form';

type Item = Job['items'][number];
type Values = { item: ItemValues; changeOrder: ChangeOrderValues };

/** Adds an item to the job, or changes one: every spec field, and a change order once production has started. */
export function JobItemDialog({ job, item, onClose }: { job: Job; item: Item | null; onClose: () => void }) {
  const form = useForm<Values>({
    initialValues: { item: item ? itemValuesOf(item) : newItemValues(), changeOrder: newChangeOrder() },
    // The item's rules are the server's (ItemInput); its fields live under `item.` in this form.
    validate: (v) =>
      Object.fromEntries(
        Object.entries(zodValidate(ItemInput)(itemBodyOf(v.item))).map(([k, m]) => [`item.${k}`, m]),
      ),
  });
  const add = useAddJobItem(job.id);
  const update = useUpdateJobItem(job.id);
  const submit = form.onSubmit(async (v) => {
    const body = ItemInput.parse(itemBodyOf(v.item));
    const changeOrder = changeOrderBody(job, v.changeOrder);
    try {
      if (item) await update.mutateAsync({ itemId: item.id, ...body, changeOrder });
      else await add.mutateAsync({ ...body, changeOrder });
      saved(item ? `Item ${item.position} of ${job.number} saved` : `Item added to ${job.number}`);
      onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={item ? `Item ${item.position} of ${job.number}` : `Add an item to ${job.number}`}
      size="90rem"
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <ItemSpecFields form={form} path="item" label={item ? `item ${item.position}` : 'the new item'} />
          <ChangeOrderFields job={job} form={form} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending || update.isPending}>
              {item ? 'Save item' : 'Add item'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Removes an item no work has started on; in production, as a change order. */
export function RemoveItemDialog({ job, item, onClose }: { job: Job; item: Item; onClose: () => void }) {
  const form = useForm<{ changeOrder: ChangeOrderValues }>({
    initialValues: { changeOrder: newChangeOrder() },
  });
  const remove = useRemoveJobItem(job.id);
  const submit = form.onSubmit(async (v) => {
    try {
      await remove.mutateAsync({ itemId: item.id, changeOrder: changeOrderBody(job, v.changeOrder) });
      saved(`Item ${item.position} removed from ${job.number}`);
      onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Modal opened onClose={onClose} title={`Remove item ${item.position} from ${job.number}?`} size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            Its stages go; its files stay with the job; what it needed of materials is released.
          </Text>
          <ChangeOrderFields job={job} form={form} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={remove.isPending}>
              Remove item
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
