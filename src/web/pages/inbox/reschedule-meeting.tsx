import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { UpdateMeeting, type Meeting } from '../../../shared/inbox';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useUpdateMeeting } from '../../data/inbox';
import { localInput, toInstant } from './meeting-form';

type Values = { startsAt: string; endsAt: string; place: string; sendUpdates: boolean };

const toBody = (v: Values) => ({
  startsAt: toInstant(v.startsAt),
  endsAt: toInstant(v.endsAt),
  place: v.place.trim() || null,
  sendUpdates: v.sendUpdates,
});

/**
 * Moves a meeting (time and place); each attendee is e-mailed the updated invitation, which their calendar
 * puts in place of the old one (same UID, higher SEQUENCE).
 */
export function RescheduleMeeting({ meeting: m, onClose }: { meeting: Meeting; onClose: () => void }) {
  const updateMeeting = useUpdateMeeting(m);
  const form = useForm<Values>({
    initialValues: {
      startsAt: localInput(new Date(m.startsAt)),
      endsAt: localInput(new Date(m.endsAt)),
      place: m.place ?? '',
      sendUpdates: true,
    },
    validate: zodValidate(UpdateMeeting, toBody as never),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      const after = await updateMeeting.mutateAsync(UpdateMeeting.parse(toBody(values)));
      saved(
        values.sendUpdates && after.sequence > m.sequence
          ? `Meeting moved; ${m.attendees.length} attendee${m.attendees.length === 1 ? '' : 's'} sent the update`
          : 'Meeting saved',
      );
      onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <Modal opened onClose={onClose} title={`Reschedule “${m.title}”`} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Starts"
              type="datetime-local"
              required
              data-autofocus
              {...form.getInputProps('startsAt')}
            />
            <TextInput label="Ends" type="datetime-local" required {...form.getInputProps('endsAt')} />
          </SimpleGrid>
          <TextInput label="Place" {...form.getInputProps('place')} />
          <Checkbox
            label={`E-mail the updated invitation to ${m.attendees.map((a) => a.name).join(', ')}`}
            {...form.getInputProps('sendUpdates', { type: 'checkbox' })}
          />
          <Text size="xs" c="dimmed">
            Times are in this browser’s zone; each attendee’s e-mail shows them in theirs.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Reschedule
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
