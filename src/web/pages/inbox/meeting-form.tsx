import { useEffect, useRef } from 'react';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Input,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { CreateMeeting } from '../../../shared/inbox';
import { reportError, saved, zodValidate } from '../../app/feedback';
import { useContacts } from '../../data/accounts';
import { useScheduleMeeting } from '../../data/inbox';

type AttendeeValues = { name: string; email: string; contactId: string | null; timeZone: string };
type Values = {
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  agenda: string;
  attendees: AttendeeValues[];
  sendInvites: boolean;
};

/** `YYYY-MM-DDTHH:mm` in the browser's zone, as a datetime-local input wants it. */
export const localInput = (d: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
/** A datetime-local value as an ISO instant; left as typed when it is not a date, so validation says so. */
export const toInstant = (s: string) => {
  const d = new Date(s);
  return s && !Number.isNaN(d.getTime()) ? d.toISOString() : s;
};
const orNull = (s: string) => (s.trim() ? s.trim() : null);

const toBody = (accountId: string, conversationId: string | null) => (v: Values) => ({
  accountId,
  conversationId,
  title: v.title,
  startsAt: toInstant(v.startsAt),
  endsAt: toInstant(v.endsAt),
  place: orNull(v.place),
  agenda: orNull(v.agenda),
  attendees: v.attendees.map((a) => ({
    name: a.name,
    email: a.email.trim(),
    contactId: a.contactId,
    timeZone: orNull(a.timeZone),
  })),
  sendInvites: v.sendInvites,
});

const tomorrowAt = (hour: number) => {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(hour, 0, 0, 0);
  return localInput(d);
};

/** Schedules a meeting with the client; each attendee is e-mailed an .ics invitation in their own time zone. */
export function MeetingForm({
  accountId,
  conversationId = null,
  contactId = null,
  title = '',
  onClose,
}: {
  accountId: string;
  conversationId?: string | null;
  contactId?: string | null;
  title?: string;
  onClose: () => void;
}) {
  const contacts = useContacts(accountId);
  const scheduleMeeting = useScheduleMeeting(accountId, conversationId);
  const prepare = toBody(accountId, conversationId);
  const people = contacts.data?.items ?? [];
  const form = useForm<Values>({
    initialValues: {
      title,
      startsAt: tomorrowAt(10),
      endsAt: tomorrowAt(11),
      place: '',
      agenda: '',
      attendees: [],
      sendInvites: true,
    },
    validate: zodValidate(CreateMeeting, prepare as never),
  });
  const addContact = (id: string | null) => {
    const p = people.find((c) => c.id === id);
    if (!p || form.values.attendees.some((a) => a.contactId === p.id)) return;
    form.insertListItem('attendees', {
      name: p.name,
      email: p.emails[0] ?? '',
      contactId: p.id,
      timeZone: '',
    });
  };
  // The conversation's contact is invited by default, once their details have loaded.
  const seeded = useRef(false);
  useEffect(() => {
    if (!contactId || !contacts.data || seeded.current) return;
    seeded.current = true;
    addContact(contactId);
  });
  const submit = form.onSubmit(async (values) => {
    try {
      // Validated against CreateMeeting with the same body; parsing gives the typed request.
      const m = await scheduleMeeting.mutateAsync(CreateMeeting.parse(prepare(values)));
      saved(
        values.sendInvites
          ? `Meeting scheduled; invitations sent to ${m.attendees.length}`
          : 'Meeting scheduled',
      );
      onClose();
    } catch (err) {
      reportError(err, form as never);
    }
  });
  const attendeeError = form.errors.attendees;
  return (
    <Modal opened onClose={onClose} title="Schedule a meeting" size="xl">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Title" required data-autofocus {...form.getInputProps('title')} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Starts" type="datetime-local" required {...form.getInputProps('startsAt')} />
            <TextInput label="Ends" type="datetime-local" required {...form.getInputProps('endsAt')} />
            <TextInput
              label="Place"
              placeholder="Our showroom, their office, a video link"
              {...form.getInputProps('place')}
            />
          </SimpleGrid>
          <Textarea label="Agenda" autosize minRows={2} {...form.getInputProps('agenda')} />
          <Input.Wrapper label="Attendees" required error={attendeeError}>
            <Stack gap="xs" mt={4}>
              {form.values.attendees.map((a, i) => (
                <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
                  <TextInput
                    aria-label={`Attendee ${i + 1} name`}
                    placeholder="Name"
                    style={{ flex: 1 }}
                    {...form.getInputProps(`attendees.${i}.name`)}
                  />
                  <TextInput
                    aria-label={`Attendee ${i + 1} e-mail`}
                    placeholder="E-mail"
                    style={{ flex: 1.3 }}
                    {...form.getInputProps(`attendees.${i}.email`)}
                  />
                  <TextInput
                    aria-label={`Attendee ${i + 1} time zone`}
                    placeholder="Time zone (shop's if empty)"
                    style={{ flex: 1 }}
                    {...form.getInputProps(`attendees.${i}.timeZone`)}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={6}
                    aria-label={`Remove ${a.name || 'attendee'}`}
                    onClick={() => form.removeListItem('attendees', i)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              {form.values.attendees.length === 0 && (
                <Text size="sm" c="dimmed">
                  Add the client's contacts, or anyone by e-mail.
                </Text>
              )}
              <Group gap="xs">
                <Select
                  aria-label="Invite a contact"
                  placeholder="Invite a contact"
                  searchable
                  value={null}
                  data={people
                    .filter(
                      (p) => p.emails.length && !form.values.attendees.some((a) => a.contactId === p.id),
                    )
                    .map((p) => ({ value: p.id, label: `${p.name} <${p.emails[0]}>` }))}
                  onChange={addContact}
                />
                <Button
                  variant="default"
                  leftSection={<IconPlus size={14} />}
                  onClick={() =>
                    form.insertListItem('attendees', { name: '', email: '', contactId: null, timeZone: '' })
                  }
                >
                  Someone else
                </Button>
              </Group>
            </Stack>
          </Input.Wrapper>
          <Checkbox
            label="E-mail each attendee an invitation (.ics)"
            {...form.getInputProps('sendInvites', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Schedule
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
