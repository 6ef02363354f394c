import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { useMyEscalations } from '../../data/escalations';
import { useInboxMyDay } from '../../data/inbox';
import { TargetBadge } from './targets';

function Box({
  title,
  count,
  color,
  children,
}: {
  title: string;
  count: number;
  color: string;
  children: React.ReactNode;
}) {
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{title}</Text>
        <Badge color={color} variant={count ? 'filled' : 'light'}>
          {count}
        </Badge>
      </Group>
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing here.
        </Text>
      ) : (
        <Stack gap={6}>{children}</Stack>
      )}
    </Card>
  );
}

/** My day's inbox sections, for those who read client mail (production and purchasing do not: docs/security.md). */
export function MyDayInbox() {
  return can(useUser().role, 'inbox.read') ? <InboxSections /> : null;
}

/** Unanswered client messages (oldest first), my escalations, follow-ups due. */
function InboxSections() {
  const day = useInboxMyDay();
  const esc = useMyEscalations();
  const unanswered = day.data?.unanswered ?? [];
  const followUps = day.data?.followUps ?? [];
  const mine = esc.data?.items ?? [];
  return (
    <>
      <Box title="Unanswered client messages" count={unanswered.length} color="red">
        {unanswered.map((c) => (
          <div key={c.id}>
            <Anchor component={Link} to={`/inbox/${c.id}`} size="sm">
              {c.subject}
            </Anchor>
            <Group gap={4}>
              <Text size="xs" c="dimmed">
                {c.account?.name}
              </Text>
              <TargetBadge
                label="First response"
                target={c.firstResponse.metAt ? c.resolution : c.firstResponse}
              />
            </Group>
          </div>
        ))}
      </Box>
      <Box title="My escalations" count={mine.length} color="orange">
        {mine.map((e) => (
          <div key={e.id}>
            <Anchor component={Link} to={`/escalations/${e.id}`} size="sm">
              {e.number} {e.severity} · {e.title}
            </Anchor>
            <Text size="xs" c={e.overdue ? 'red' : 'dimmed'}>
              {e.account.name} · {e.levelLabel} · due {new Date(e.dueAt).toLocaleString()}
            </Text>
          </div>
        ))}
      </Box>
      <Box title="Follow-ups due" count={followUps.length} color="yellow">
        {followUps.map((c) => (
          <div key={c.id}>
            <Anchor
              component={Link}
              to={c.conversationId ? `/inbox/${c.conversationId}` : `/accounts/${c.account.id}`}
              size="sm"
            >
              {c.followUp?.task}
            </Anchor>
            <Text size="xs" c="dimmed">
              {c.account.name} · due {c.followUp?.dueOn}
            </Text>
          </div>
        ))}
      </Box>
    </>
  );
}
