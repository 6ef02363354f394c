import { Alert, Checkbox, Select, Stack, Textarea } from '@mantine/core';
import type { Job } from '../../../shared/jobs';
import { useContacts } from '../../data/accounts';
import { useActiveUsers } from '../../data/users';

/** The change-order part of a form: why, who asked (`contact:<id>` or `user:<id>`), and the client's e-mail. */
export type ChangeOrderValues = { reason: string; requestedBy: string | null; confirmToClient: boolean };

export const newChangeOrder = (): ChangeOrderValues => ({
  reason: '',
  requestedBy: null,
  confirmToClient: false,
});

/** The change order as the API takes it, or nothing when the job is not in production and none was given. */
export function changeOrderBody(job: Pick<Job, 'productionStarted'>, v: ChangeOrderValues) {
  if (!job.productionStarted && !v.reason.trim()) return undefined;
  const [kind, id] = (v.requestedBy ?? ':').split(':');
  return {
    reason: v.reason.trim(),
    requestedByContactId: kind === 'contact' ? id : null,
    requestedByUserId: kind === 'user' ? id : null,
    confirmToClient: v.confirmToClient,
  };
}

type FormLike = { getInputProps(path: string, options?: { type?: 'input' | 'checkbox' }): object };

/**
 * Once production has started a change is a change order: the reason, who asked (a contact of the account or
 * a colleague) and whether the client gets a confirmation by e-mail. Shown only for a job in production.
 */
export function ChangeOrderFields({ job, form }: { job: Job; form: FormLike }) {
  const contacts = useContacts(job.account.id);
  const users = useActiveUsers(job.productionStarted);
  if (!job.productionStarted) return null;
  const data = [
    {
      group: `${job.account.name} contacts`,
      items: (contacts.data?.items ?? []).map((c) => ({ value: `contact:${c.id}`, label: c.name })),
    },
    {
      group: 'Staff',
      items: (users.data?.items ?? []).map((u) => ({ value: `user:${u.id}`, label: u.name })),
    },
  ];
  return (
    <Stack gap="xs">
      <Alert color="orange" p="xs">
        {job.number} is in production: this change is recorded as a change order, re-planned, re-priced and
        told to the departments with work open on it.
      </Alert>
      <Textarea
        label="Reason for the change"
        withAsterisk
        autosize
        minRows={2}
        {...form.getInputProps('changeOrder.reason')}
      />
      <Select
        label="Asked for by"
        withAsterisk
        searchable
        data={data}
        nothingFoundMessage="Nobody by that name"
        {...form.getInputProps('changeOrder.requestedBy')}
      />
      <Checkbox
        label="E-mail the client a confirmation"
        {...form.getInputProps('changeOrder.confirmToClient', { type: 'checkbox' })}
      />
    </Stack>
  );
}
