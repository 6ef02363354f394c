import { useState } from 'react';
import { Anchor, Badge, Button, Checkbox, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconCalendarEvent, IconDownload, IconPhone } from '@tabler/icons-react';
import { UpdateMeeting, type Call, type Meeting } from '../../../shared/inbox';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useUpdateCall, useUpdateMeeting } from '../../data/inbox';
import { dateTime } from '../../app/ui';
import { RescheduleMeeting } from './reschedule-meeting';

const timeRange = (m: Meeting) => {
  const start = new Date(m.startsAt);
  const end = new Date(m.endsAt);
  const sameDay = start.toDateString() === end.toDateString();
  return `${start.toLocaleString()} – ${sameDay ? end.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' }) : end.toLocaleString()}`;
};

/** One logged call, with its follow-up task (tick it off when done). */
export function CallItem({ call }: { call: Call }) {
  const updateCall = useUpdateCall(call);
  const setDone = async (done: boolean) => {
    try {
      await updateCall.mutateAsync({ followUpDone: done });
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Paper withBorder p="sm" data-testid="call">
      <Group justify="space-between" mb={4}>
        <Group gap={6}>
          <IconPhone size={16} />
          <Text size="sm" fw={600}>
            {call.direction === 'inbound' ? 'Call from' : 'Call to'} {call.contact?.name ?? call.account.name}
          </Text>
          <Text size="xs" c="dimmed">
            {call.durationMinutes} min
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {dateTime(call.occurredAt)}
          {call.loggedBy ? ` · ${call.loggedBy}` : ''}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {call.summary}
      </Text>
      {call.followUp && (
        <Checkbox
          mt="xs"
          size="xs"
          checked={Boolean(call.followUp.doneAt)}
          onChange={(e) => void setDone(e.currentTarget.checked)}
          label={`Follow-up: ${call.followUp.task} (due ${call.followUp.dueOn})${call.followUp.doneAt ? ' — done' : ''}`}
        />
      )}
    </Paper>
  );
}

function NotesForm({ meeting }: { meeting: Meeting }) {
  const updateMeeting = useUpdateMeeting(meeting);
  const form = useForm({
    initialValues: { notes: meeting.notes ?? '' },
    validate: zodValidate(UpdateMeeting),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await updateMeeting.mutateAsync({ notes: values.notes.trim() || null });
      saved('Meeting notes saved');
      form.resetDirty();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  return (
    <form onSubmit={submit}>
      <Textarea
        label="Meeting notes"
        autosize
        minRows={2}
        placeholder="What was agreed, who does what next"
        {...form.getInputProps('notes')}
      />
      {form.isDirty() && (
        <Group justify="flex-end" mt={4}>
          <Button size="xs" type="submit" loading={form.submitting}>
            Save notes
          </Button>
        </Group>
      )}
    </form>
  );
}

/** One meeting: when, where, who, the invitation to download, notes afterwards, and cancelling. */
export function MeetingItem({ meeting: m }: { meeting: Meeting }) {
  const [showAgenda, setShowAgenda] = useState(false);
  const [moving, setMoving] = useState(false);
  const updateMeeting = useUpdateMeeting(m);
  const cancel = () =>
    modals.openConfirmModal({
      title: `Cancel “${m.title}”?`,
      children: <Text size="sm">Each attendee is e-mailed a cancellation for their calendar.</Text>,
      labels: { confirm: 'Cancel the meeting', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await updateMeeting.mutateAsync({ cancel: true });
          saved('Meeting cancelled; attendees were told');
        } catch (err) {
          reportError(err);
        }
      },
    });
  return (
    <Paper withBorder p="sm" data-testid="meeting">
      <Group justify="space-between" mb={4}>
        <Group gap={6}>
          <IconCalendarEvent size={16} />
          <Text size="sm" fw={600} td={m.cancelledAt ? 'line-through' : undefined}>
            {m.title}
          </Text>
          {m.cancelledAt && (
            <Badge color="red" variant="light" size="sm">
              Cancelled
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          <Anchor href={m.inviteUrl} download="invite.ics" size="xs">
            <Group gap={2}>
              <IconDownload size={14} /> Invitation (.ics)
            </Group>
          </Anchor>
          {!m.cancelledAt && (
            <Button size="compact-xs" variant="subtle" onClick={() => setMoving(true)}>
              Reschedule
            </Button>
          )}
          {!m.cancelledAt && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={cancel}>
              Cancel meeting
            </Button>
          )}
        </Group>
      </Group>
      <Text size="sm" data-testid="meeting-when">
        {timeRange(m)}
        {m.place ? ` · ${m.place}` : ''}
        {m.sequence > 0 && !m.cancelledAt ? ` · invitation v${m.sequence + 1}` : ''}
      </Text>
      {moving && <RescheduleMeeting meeting={m} onClose={() => setMoving(false)} />}
      <Text size="xs" c="dimmed">
        With {m.attendees.map((a) => a.name).join(', ')}
        {m.organizer ? ` · organised by ${m.organizer}` : ''}
      </Text>
      {m.agenda && (
        <>
          <Anchor size="xs" component="button" type="button" onClick={() => setShowAgenda((v) => !v)}>
            {showAgenda ? 'Hide agenda' : 'Agenda'}
          </Anchor>
          {showAgenda && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {m.agenda}
            </Text>
          )}
        </>
      )}
      {!m.cancelledAt && (
        <Stack mt="xs" gap={4}>
          <NotesForm meeting={m} />
        </Stack>
      )}
      {m.cancelledAt && m.notes && (
        <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
          {m.notes}
        </Text>
      )}
    </Paper>
  );
}
