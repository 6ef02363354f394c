import { Card, Group, Progress, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { z } from 'zod';
import type { BudgetUse } from '../../../shared/portals';
import { ErrorBox, Loading } from '../../app/ui';
import { useBudgets } from '../../data/portal';
import { dateOnly, money } from './order-bits';
import { usePortal } from './portal-auth';

type Use = z.infer<typeof BudgetUse>;

function BudgetCard({ b }: { b: Use }) {
  const used = b.spentCents + b.pendingCents;
  const scale = Math.max(b.budgetCents ?? 0, used, 1);
  const over = b.budgetCents !== null && used > b.budgetCents;
  const pct = (c: number) => (c / scale) * 100;
  return (
    <Card withBorder padding="sm" component="section" aria-label={`Budget of ${b.costCentre.name}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={600}>{b.costCentre.name}</Text>
          <Text size="xs" c="dimmed">
            {b.costCentre.code} · {dateOnly(b.period.from)} – {dateOnly(b.period.to)}
          </Text>
        </div>
        <Text size="sm" fw={600} c={over ? 'red' : undefined} ta="right">
          {b.budgetCents === null ? 'No budget' : `${money(b.budgetCents)} budget`}
        </Text>
      </Group>
      <Progress.Root size={18} mt="sm" aria-hidden>
        <Tooltip label={`Spent ${money(b.spentCents)}`}>
          <Progress.Section value={pct(b.spentCents)} color={over ? 'red' : 'brand'} />
        </Tooltip>
        <Tooltip label={`Waiting for approval ${money(b.pendingCents)}`}>
          <Progress.Section value={pct(b.pendingCents)} color="yellow" striped />
        </Tooltip>
      </Progress.Root>
      {b.budgetCents !== null && used < scale && (
        <Text size="xs" c="dimmed" ta="right" mt={2}>
          {money(b.budgetCents - used)} left
        </Text>
      )}
      <Group gap="lg" mt="xs">
        <Text size="sm">
          Spent <b>{money(b.spentCents)}</b>
        </Text>
        <Text size="sm">
          Pending <b>{money(b.pendingCents)}</b>
        </Text>
        {over && (
          <Text size="sm" c="red" fw={600}>
            Over by {money(used - b.budgetCents!)}
          </Text>
        )}
      </Group>
    </Card>
  );
}

/** Spend against each cost centre's budget this period: spent, waiting for approval, left. */
export function BudgetsPage() {
  const { slug } = usePortal();
  const budgets = useBudgets(slug);
  if (budgets.error) return <ErrorBox error={budgets.error} />;
  if (!budgets.data) return <Loading />;
  return (
    <Stack>
      <Title order={2}>Budgets</Title>
      {!budgets.data.items.length ? (
        <Text c="dimmed">No cost centres.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {budgets.data.items.map((b) => (
            <BudgetCard key={b.costCentre.id} b={b} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
