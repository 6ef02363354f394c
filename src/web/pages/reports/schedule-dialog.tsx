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
import { periodLabel, type Values } from './params-form';

const monthDays = [
  ...Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1), label: `Day ${i + 1}` })),
  { value: 'last', label: 'Last day' },
  { value: 'last_business', label: 'Last business day' },
];

/** "Schedule this": e-mails the report with the parameters on screen, daily, weekly or monthly. */
export function ScheduleDialog({
  entry,
  parameters,
  opened,
  onClose,
}: {
  entry: CatalogueEntry;
  parameters: Values;
  opened: boolean;
  onClose: () => void;
}) {
  const me = useUser();
  const client = useQueryClient();
  const [name, setName] = useState(entry.title);
  const [frequency, setFrequency] = useState<Frequency>('weekly');
  const [time, setTime] = useState('07:00');
  const [weekday, setWeekday] = useState<string | null>('1');
  const [monthDay, setMonthDay] = useState<string | null>('1');
  const [formats, setFormats] = useState<string[]>(['xlsx']);
  const [userIds, setUserIds] = useState<string[]>([me.id]);
  const [emails, setEmails] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  // A client report goes to the client's contacts: offer their addresses.
  const accountId = typeof parameters.accountId === 'string' ? parameters.accountId : null;
  const contacts = useQuery({
    queryKey: ['contacts', accountId],
    queryFn: () => api.get<Page<Contact>>(`/accounts/${accountId}/contacts`),
    enabled: opened && Boolean(accountId),
  });
  const contactEmails = [...new Set((contacts.data?.items ?? []).flatMap((c) => c.emails))];
  const users = useQuery({
    queryKey: ['report-lookup', 'user'],
    queryFn: () => api.get<Page<User>>(`/users${qs({ limit: 200 })}`),
    enabled: opened,
  });

  const save = async () => {
    setSaving(true);
    try {
      await api.post<Schedule>('/report-schedules', {
        name,
        reportId: entry.id,
        parameters,
        formats,
        recipientUserIds: userIds,
        recipientEmails: emails,
        frequency,
        time,
        weekday: frequency === 'weekly' ? Number(weekday) : null,
        monthDay:
          frequency === 'monthly'
            ? monthDay === 'last' || monthDay === 'last_business'
              ? monthDay
              : Number(monthDay)
            : null,
      });
      await client.invalidateQueries({ queryKey: ['report-schedules'] });
      saved(`Scheduled "${name}"`);
      onClose();
    } catch (err) {
      reportError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Schedule this report" size="lg">
      <Stack>
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
        />
        <Text size="sm" c="dimmed">
          With the parameters on screen
          {parameters.period
            ? ` (period: ${periodLabel(parameters.period)}, worked out again on every run)`
            : ''}
          .
        </Text>
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
        <TagsInput
          label="Other e-mail addresses"
          description="Client contacts and anyone else; press Enter after each address"
          data={contactEmails}
          value={emails}
          onChange={setEmails}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save} loading={saving}>
            Save schedule
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
