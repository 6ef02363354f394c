import {
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateCall } from '../../../shared/inbox';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useContacts } from '../../data/accounts';
import { useLogCall } from '../../data/inbox';

type Values = {
  direction: 'inbound' | 'outbound';
  contactId: string | null;
  durationMinutes: number | string;
  summary: string;
  withFollowUp: boolean;
  followUp: { task: string; dueOn: string };
};

const today = () => new Date().toLocaleDateString('en-CA');

/** The form's values as the API's CreateCall body. */
const toBody = (accountId: string, conversationId: string | null) => (v: Values) => ({
  accountId,
  conversationId,
  contactId: v.contactId,
  direction: v.direction,
  durationMinutes: v.durationMinutes === '' ? Number.NaN : Number(v.durationMinutes),
  summary: v.summary,
  followUp: v.withFollowUp ? { task: v.followUp.task, dueOn: v.followUp.dueOn } : null,
});

/** Logs a phone call with the client; an optional follow-up task lands on the caller's My day. */
export function CallForm({
  accountId,
  conversationId = null,
  contactId = null,
  onClose,
}: {
  accountId: string;
  conversationId?: string | null;
  contactId?: string | null;
  onClose: () => void;
}) {
  const contacts = useContacts(accountId);
  const logCall = useLogCall(accountId, conversationId);
  const prepare = toBody(accountId, conversationId);
  const form = useForm<Values>({
    initialValues: {
      direction: 'inbound',
      contactId,
      durationMinutes: 5,
      summary: '',
      withFollowUp: false,
      followUp: { task: '', dueOn: today() },
    },
    validate: zodValidate(CreateCall, prepare as never),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      // Validated against CreateCall with the same body; parsing gives the typed request.
      await logCall.mutateAsync(CreateCall.parse(prepare(values)));
      saved(values.withFollowUp ? 'Call logged; the follow-up is on your My day' : 'Call logged');
      onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Modal opened onClose={onClose} title="Log a call" size="lg">
      <form onSubmit={submit}>
        <Stack>
          <SegmentedControl
            aria-label="Direction"
            data={[
              { value: 'inbound', label: 'The client called us' },
              { value: 'outbound', label: 'We called the client' },
            ]}
            {...form.getInputProps('direction')}
          />
          <SimpleGrid cols={2}>
            <Select
              label="Contact"
              clearable
              searchable
              data={(contacts.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
              {...form.getInputProps('contactId')}
            />
            <NumberInput
              label="Duration (minutes)"
              min={0}
              max={1440}
              {...form.getInputProps('durationMinutes')}
            />
          </SimpleGrid>
          <Textarea
            label="Summary"
            required
            data-autofocus
            autosize
            minRows={3}
            {...form.getInputProps('summary')}
          />
          <Checkbox label="Follow-up task" {...form.getInputProps('withFollowUp', { type: 'checkbox' })} />
          {form.values.withFollowUp && (
            <SimpleGrid cols={2}>
              <TextInput label="Task" required {...form.getInputProps('followUp.task')} />
              <TextInput label="Due" type="date" required {...form.getInputProps('followUp.dueOn')} />
            </SimpleGrid>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Log call
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
