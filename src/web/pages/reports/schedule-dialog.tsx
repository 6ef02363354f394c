import { useState } from 'react';
import {
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import {
  ExportFormat,
  formatLabels,
  weekdayLabels,
  type CatalogueEntry,
  type Frequency,
  type Schedule,
} from '../../../shared/reports';
import { useUser } from '../../app/auth';
import { reportError, saved } from '../../app/feedback';
import { useContacts } from '../../data/accounts';
import { useSaveSchedule } from '../../data/reports';
import { useUsers } from '../../data/users';
import { clean, ParamsForm, periodLabel, type Values } from './params-form';

const monthDays = [
  ...Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1), label: `Day ${i + 1}` })),
  { value: 'last', label: 'Last day' },
  { value: 'last_business', label: 'Last business day' },
];

/** The zones a schedule may run in; a new schedule runs in the shop's unless another is chosen. */
const SHOP_ZONE = '';
const zones = (current: string | null) => {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [
    ...(current ? [] : [{ value: SHOP_ZONE, label: "The shop's time zone" }]),
    ...[...new Set([...(current ? [current] : []), ...all])].map((z) => ({ value: z, label: z })),
  ];
};

const toMonthDay = (v: string | null) =>
  v === 'last' ? ('last' as const) : v === 'last_business' ? ('last_business' as const) : Number(v);

/**
 * A schedule's form. "Schedule this" (no `schedule`): e-mails the report with the parameters on screen.
 * Editing (`schedule` given): the saved parameters, timing, time zone, formats and recipients, all changeable.
 */
export function ScheduleDialog({
  entry,
  parameters,
  schedule,
  opened,
  onClose,
}: {
  entry: CatalogueEntry;
  parameters: Values;
  schedule?: Schedule;
  opened: boolean;
  onClose: () => void;
}) {
  const me = useUser();
  const saveSchedule = useSaveSchedule();
  const [name, setName] = useState(schedule?.name ?? entry.title);
  const [values, setValues] = useState<Values>(schedule?.parameters ?? parameters);
  const [frequency, setFrequency] = useState<Frequency>(schedule?.frequency ?? 'weekly');
  const [time, setTime] = useState(schedule?.time ?? '07:00');
  const [weekday, setWeekday] = useState<string | null>(String(schedule?.weekday ?? 1));
  const [monthDay, setMonthDay] = useState<string | null>(String(schedule?.monthDay ?? 1));
  const [timeZone, setTimeZone] = useState<string | null>(schedule?.timeZone ?? null);
  const [formats, setFormats] = useState<ExportFormat[]>(schedule?.formats ?? ['xlsx']);
  const [userIds, setUserIds] = useState<string[]>(schedule?.recipientUserIds ?? [me.id]);
  const [contactIds, setContactIds] = useState<string[]>(schedule?.recipientContactIds ?? []);
  const [emails, setEmails] = useState<string[]>(schedule?.recipientEmails ?? []);
  const [saving, setSaving] = useState(false);
  // A client report goes to the client's contacts: offer the account's contacts by name.
  const accountId = typeof values.accountId === 'string' ? values.accountId : null;
  const contacts = useContacts(opened ? accountId : null);
  const users = useUsers(opened);

  const save = async () => {
    setSaving(true);
    const body = {
      name,
      parameters: schedule ? clean(values) : parameters,
      formats,
      recipientUserIds: userIds,
      recipientContactIds: accountId ? contactIds : [],
      recipientEmails: emails,
      frequency,
      time,
      weekday: frequency === 'weekly' ? Number(weekday) : null,
      monthDay: frequency === 'monthly' ? toMonthDay(monthDay) : null,
      ...(timeZone ? { timeZone } : {}),
    };
    try {
      await saveSchedule.mutateAsync(
        schedule ? { id: schedule.id, changes: body } : { create: { ...body, reportId: entry.id } },
      );
      saved(schedule ? `Saved "${name}"` : `Scheduled "${name}"`);
      onClose();
    } catch (err) {
      reportError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={schedule ? `Edit schedule: ${entry.title}` : 'Schedule this report'}
      size="lg"
    >
      <Stack>
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
        />
        {schedule ? (
          <ParamsForm entry={entry} values={values} onChange={setValues} />
        ) : (
          <Text size="sm" c="dimmed">
            With the parameters on screen
            {parameters.period
              ? ` (period: ${periodLabel(parameters.period)}, worked out again on every run)`
              : ''}
            .
          </Text>
        )}
        <SegmentedControl
          aria-label="How often"
          value={frequency}
          onChange={(v) => setFrequency(v as Frequency)}
          data={[
            { value: 'daily', label: 'Daily' },
            { value: 'weekly', label: 'Weekly' },
            { value: 'monthly', label: 'Monthly' },
          ]}
        />
        <Group>
          {frequency === 'weekly' && (
            <Select
              label="On"
              data={weekdayLabels.slice(1).map((l, i) => ({ value: String(i + 1), label: l }))}
              value={weekday}
              onChange={setWeekday}
              allowDeselect={false}
              w={160}
            />
          )}
          {frequency === 'monthly' && (
            <Select
              label="On"
              data={monthDays}
              value={monthDay}
              onChange={setMonthDay}
              allowDeselect={false}
              w={180}
            />
          )}
          <TextInput
            label="At"
            type="time"
            value={time}
            onChange={(e) => setTime(e.currentTarget.value)}
            w={120}
          />
          <Select
            label="Time zone"
            searchable
            data={zones(schedule?.timeZone ?? null)}
            value={timeZone ?? SHOP_ZONE}
            onChange={(v) => setTimeZone(v || null)}
            allowDeselect={false}
            w={220}
          />
        </Group>
        <Checkbox.Group label="Formats" value={formats} onChange={(v) => setFormats(v as ExportFormat[])}>
          <Group mt={4}>
            {ExportFormat.options.map((f) => (
              <Checkbox key={f} value={f} label={formatLabels[f]} />
            ))}
          </Group>
        </Checkbox.Group>
        <MultiSelect
          label="Staff recipients"
          searchable
          data={(users.data?.items ?? [])
            .filter((u) => u.active)
            .map((u) => ({ value: u.id, label: u.name }))}
          value={userIds}
          onChange={setUserIds}
        />
        {accountId && (
          <MultiSelect
            label="Client contacts"
            description="Contacts of the report's account, e-mailed at their current address"
            searchable
            data={(contacts.data?.items ?? []).map((c) => ({
              value: c.id,
              label: c.emails[0] ? `${c.name} <${c.emails[0]}>` : `${c.name} (no e-mail address)`,
              disabled: !c.emails[0],
            }))}
            value={contactIds}
            onChange={setContactIds}
          />
        )}
        <TagsInput
          label="Other e-mail addresses"
          description="Anyone else; press Enter after each address"
          value={emails}
          onChange={setEmails}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save} loading={saving}>
            {schedule ? 'Save changes' : 'Save schedule'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
