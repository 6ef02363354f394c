import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import type { Job } from '../../../shared/jobs';
import { reportError, saved } from '../../app/feedback';
import { useAccount } from '../../data/accounts';
import { useCopyJob } from '../../data/jobs';

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Reorder: a new job with this job's items, for a new due date (prefilled with today plus the lead time the
 * job had) and the client's PO (required where the account requires one). One Idempotency-Key per opening:
 * a double click or a retry makes one job.
 */
export function ReorderDialog({ job, today, onClose }: { job: Job; today: string; onClose: () => void }) {
  const account = useAccount(job.account.id);
  const copy = useCopyJob(job.id);
  const navigate = useNavigate();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const leadDays = Math.max(
    1,
    Math.round((Date.parse(job.dueDate) - Date.parse(job.createdAt.slice(0, 10))) / 86_400_000),
  );
  const form = useForm({
    initialValues: { dueDate: addDays(today, leadDays), clientPo: job.clientPo ?? '', title: job.title },
    validate: {
      dueDate: (v) => (!v ? 'Choose the new due date' : v < today ? 'The due date is in the past' : null),
      clientPo: (v) =>
        account.data?.poRequired && !v.trim() ? `${job.account.name} requires a PO on every job` : null,
    },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      const made = await copy.mutateAsync({
        dueDate: v.dueDate,
        clientPo: v.clientPo.trim() || null,
        title: v.title,
        idempotencyKey,
      });
      saved(`Reorder ${made.number} created`);
      onClose();
      navigate(`/jobs/${made.id}`);
    } catch (err) {
      reportError(err, form as never);
    }
  });
  const poRequired = Boolean(account.data?.poRequired);
  return (
    <Modal opened onClose={onClose} title={`Reorder ${job.number}`}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">A new job with the same items, contact and ship-to.</Text>
          <TextInput label="Title" {...form.getInputProps('title')} />
          <TextInput
            label="New due date"
            type="date"
            withAsterisk
            data-autofocus
            {...form.getInputProps('dueDate')}
          />
          <TextInput
            label={poRequired ? 'Client PO (required)' : 'Client PO'}
            withAsterisk={poRequired}
            description={
              job.clientPo
                ? `The earlier job's PO was ${job.clientPo}; a new order usually has a new one`
                : undefined
            }
            {...form.getInputProps('clientPo')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={copy.isPending} disabled={copy.isPending || copy.isSuccess}>
              Create reorder
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
