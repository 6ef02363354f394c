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
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ExportFormat,
  formatLabels,
  weekdayLabels,
  type CatalogueEntry,
  type Frequency,
  type Schedule,
} from '../../../shared/reports';
import type { User } from '../../../shared/users';
import type { Contact } from '../../../shared/accounts';
import { api, qs, type Page } from '../../app/api';
import { useUser } from '../../app/auth';
import { reportError, saved } from '../../app/feedback';
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

const toMonthDay = (v: string | null) => (v === 'last' || v === 'last_business' ? v : Number(v));

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
  const client = useQueryClient();
  const [name, setName] = useState(schedule?.name ?? entry.title);
  const [values, setValues] = useState<Values>(schedule?.parameters ?? parameters);
  const [frequency, setFrequency] = useState<Frequency>(schedule?.frequency ?? 'weekly');
  const [time, setTime] = useState(schedule?.time ?? '07:00');
  const [weekday, setWeekday] = useState<string | null>(String(schedule?.weekday ?? 1));
  const [monthDay, setMonthDay] = useState<string | null>(String(schedule?.monthDay ?? 1));
  const [timeZone, setTimeZone] = useState<string | null>(schedule?.timeZone ?? null);
  const [formats, setFormats] = useState<string[]>(schedule?.formats ?? ['xlsx']);
  const [userIds, setUserIds] = useState<string[]>(schedule?.recipientUserIds ?? [me.id]);
  const [contactIds, setContactIds] = useState<string[]>(schedule?.recipientContactIds ?? []);
  const [emails, setEmails] = useState<string[]>(schedule?.recipientEmails ?? []);
  const [saving, setSaving] = useState(false);
  // A client report goes to the client's contacts: offer the account's contacts by name.
  const accountId = typeof values.accountId === 'string' ? values.accountId : null;
  const contacts = useQuery({
    queryKey: ['contacts', accountId],
    queryFn: () => api.get<Page<Contact>>(`/accounts/${accountId}/contacts`),
    enabled: opened && Boolean(accountId),
  });
  const users = useQuery({
    queryKey: ['report-lookup', 'user'],
    queryFn: () => api.get<Page<User>>(`/users${qs({ limit: 200 })}`),
    enabled: opened,
  });

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
      if (schedule) await api.patch<Schedule>(`/report-schedules/${schedule.id}`, body);
      else await api.post<Schedule>('/report-schedules', { ...body, reportId: entry.id });
      await client.invalidateQueries({ queryKey: ['report-schedules'] });
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
        <Checkbox.Group label="Formats" value={formats} onChange={setFormats}>
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
