import { useState } from 'react';
import { Button, Drawer, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus, IconPhonePlus } from '@tabler/icons-react';
import { ErrorBox, Loading } from '../../app/ui';
import { useAccountActivity } from '../../data/inbox';
import { CallItem, MeetingItem } from './activity';
import { CallForm } from './call-form';
import { MeetingForm } from './meeting-form';

/**
 * The account page's calls and meetings (mounted there with one line): log a call, schedule a meeting, and a
 * drawer with the latest of both, where follow-ups are ticked off, invitations downloaded and notes written.
 */
export function AccountActivity({ accountId }: { accountId: string }) {
  const [open, setOpen] = useState<'call' | 'meeting' | 'list' | null>(null);
  const { calls, meetings } = useAccountActivity(accountId);
  const count = (calls.data?.items.length ?? 0) + (meetings.data?.items.length ?? 0);
  return (
    <>
      <Button variant="default" leftSection={<IconPhonePlus size={16} />} onClick={() => setOpen('call')}>
        Log a call
      </Button>
      <Button
        variant="default"
        leftSection={<IconCalendarPlus size={16} />}
        onClick={() => setOpen('meeting')}
      >
        Schedule a meeting
      </Button>
      <Button variant="subtle" onClick={() => setOpen('list')}>
        Calls and meetings ({count})
      </Button>
      {open === 'call' && <CallForm accountId={accountId} onClose={() => setOpen(null)} />}
      {open === 'meeting' && <MeetingForm accountId={accountId} onClose={() => setOpen(null)} />}
      <Drawer
        opened={open === 'list'}
        onClose={() => setOpen(null)}
        position="right"
        size="lg"
        title="Calls and meetings"
      >
        {calls.error || meetings.error ? (
          <ErrorBox error={calls.error ?? meetings.error} />
        ) : !calls.data || !meetings.data ? (
          <Loading />
        ) : (
          <Stack>
            <Title order={5}>Meetings</Title>
            {meetings.data.items.length === 0 && (
              <Text size="sm" c="dimmed">
                No meetings yet.
              </Text>
            )}
            {meetings.data.items.map((m) => (
              <MeetingItem key={m.id} meeting={m} />
            ))}
            <Title order={5}>Calls</Title>
            {calls.data.items.length === 0 && (
              <Text size="sm" c="dimmed">
                No calls logged yet.
              </Text>
            )}
            {calls.data.items.map((c) => (
              <CallItem key={c.id} call={c} />
            ))}
          </Stack>
        )}
      </Drawer>
    </>
  );
}
