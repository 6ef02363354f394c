import { Badge, Group } from '@mantine/core';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { useMyEscalations } from '../../data/escalations';
import { useInboxMyDay } from '../../data/inbox';
import { DayCard, DayLine } from '../jobs/my-day-parts';
import { TargetBadge } from './targets';

/** Whether the signed-in user reads client mail (production and purchasing do not: docs/security.md). */
export const useReadsInbox = () => can(useUser().role, 'inbox.read');

/**
 * Unanswered client messages, the clock that runs out first at the top. The badge names its clock: the first
 * response until someone answers, then the resolution.
 */
export function ClientMessages() {
  const day = useInboxMyDay();
  const unanswered = day.data?.unanswered ?? [];
  return (
    <DayCard
      title="Unanswered client messages"
      color="red"
      items={unanswered}
      allHref="/inbox"
      itemKey={(c) => c.id}
      render={(c) => (
        <DayLine
          to={`/inbox/${c.id}`}
          title={c.subject}
          note={
            <Group gap={4} component="span">
              {c.account?.name ?? c.fromAddress}
              {c.firstResponse.metAt ? (
                <TargetBadge label="Resolution" target={c.resolution} />
              ) : (
                <TargetBadge label="First response" target={c.firstResponse} />
              )}
            </Group>
          }
        />
      )}
    />
  );
}

/** My open escalations, past their due-by first, then the soonest due. */
export function MyEscalations() {
  const esc = useMyEscalations();
  const mine = [...(esc.data?.items ?? [])].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt),
  );
  return (
    <DayCard
      title="My escalations"
      color="orange"
      items={mine}
      allHref="/escalations"
      itemKey={(e) => e.id}
      render={(e) => (
        <DayLine
          to={`/escalations/${e.id}`}
          title={`${e.number} ${e.severity} · ${e.title}`}
          noteColor={e.overdue ? 'red' : 'dimmed'}
          note={`${e.account.name} · ${e.levelLabel} · ${e.overdue ? 'past its due-by' : 'due'} ${new Date(e.dueAt).toLocaleString()}`}
        />
      )}
    />
  );
}

/** My follow-ups: overdue and due today first, then those coming up this week. */
export function FollowUps({ today }: { today: string }) {
  const day = useInboxMyDay();
  const followUps = day.data?.followUps ?? [];
  return (
    <DayCard
      title="Follow-ups"
      color="yellow"
      items={followUps}
      itemKey={(c) => c.id}
      render={(c) => {
        const due = c.followUp?.dueOn ?? '';
        const when = due < today ? 'overdue' : due === today ? 'due today' : 'upcoming';
        return (
          <DayLine
            to={c.conversationId ? `/inbox/${c.conversationId}` : `/accounts/${c.account.id}`}
            title={c.followUp?.task}
            note={`${c.account.name} · due ${due}`}
            right={
              <Badge
                size="sm"
                variant="light"
                color={when === 'upcoming' ? 'gray' : when === 'overdue' ? 'red' : 'yellow'}
              >
                {when}
              </Badge>
            }
          />
        );
      }}
    />
  );
}
