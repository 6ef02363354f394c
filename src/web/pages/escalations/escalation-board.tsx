import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { categoryLabels } from '../../../shared/escalations';
import { useEscalationLevels, useOpenEscalations, useUpdateEscalation } from '../../data/escalations';
import { reportError } from '../../app/feedback';
import { ErrorBox, Loading, PageHeader, dateTime } from '../../app/ui';

const sevColor = { S1: 'red', S2: 'orange', S3: 'yellow', S4: 'gray' } as const;

/** The escalation board: one column per level of the escalation path, overdue first. */
export function EscalationBoardPage() {
  const navigate = useNavigate();
  const list = useOpenEscalations();
  const levels = useEscalationLevels();
  const update = useUpdateEscalation();
  const raise = (id: string) => update.mutate({ id, raise: true }, { onError: (err) => reportError(err) });
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data || !levels.data) return <Loading />;
  return (
    <>
      <PageHeader title="Escalations" sub={levels.data.items.map((l) => l.label).join(' → ')} />
      <SimpleGrid cols={{ base: 1, md: levels.data.items.length }}>
        {levels.data.items.map((l) => {
          const cards = list.data.items
            .filter((e) => e.level === l.level)
            .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
          return (
            <Stack key={l.level} gap="xs">
              <Title order={4}>
                {l.label} <Badge variant="light">{cards.length}</Badge>
              </Title>
              {cards.map((e) => (
                <Card key={e.id} withBorder data-testid="escalation-card">
                  <Group justify="space-between">
                    <Anchor component={Link} to={`/escalations/${e.id}`} fw={600} size="sm">
                      {e.number} · {e.title}
                    </Anchor>
                    <Badge color={sevColor[e.severity]}>{e.severity}</Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    <Anchor component={Link} to={`/accounts/${e.account.id}`} size="xs">
                      {e.account.name}
                    </Anchor>
                    {' · '}
                    {categoryLabels[e.category]} · {e.owner?.name ?? 'no owner'}
                    {e.conversation && (
                      <>
                        {' · '}
                        <Anchor component={Link} to={`/inbox/${e.conversation.id}`} size="xs">
                          conversation
                        </Anchor>
                      </>
                    )}
                    {e.order && (
                      <>
                        {' · '}
                        <Anchor component={Link} to={`/orders/${e.order.id}`} size="xs">
                          {e.order.number}
                        </Anchor>
                      </>
                    )}
                    {e.job && (
                      <>
                        {' · '}
                        <Anchor component={Link} to={`/jobs/${e.job.id}`} size="xs">
                          {e.job.number}
                        </Anchor>
                      </>
                    )}
                  </Text>
                  <Text size="xs" c={e.overdue ? 'red' : undefined}>
                    Due by {dateTime(e.dueAt)}
                    {e.overdue ? ' — overdue' : ''}
                    {e.automatic ? ' · automatic' : ''}
                  </Text>
                  <Group mt="xs" gap="xs">
                    <Button size="xs" variant="default" onClick={() => raise(e.id)}>
                      Raise
                    </Button>
                    <Button size="xs" onClick={() => navigate(`/escalations/${e.id}`)}>
                      Resolve
                    </Button>
                  </Group>
                </Card>
              ))}
            </Stack>
          );
        })}
      </SimpleGrid>
    </>
  );
}
