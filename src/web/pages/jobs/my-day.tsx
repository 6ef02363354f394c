import type { ReactNode } from 'react';
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { JobSummary } from '../../../shared/jobs';
import { useUser } from '../../app/auth';
import { useMyDay } from '../../data/jobs';
import { useMyOverduePurchaseOrders } from '../../data/purchasing';
import { useMyShipmentExceptions } from '../../data/shipping';
import { ErrorBox, Loading, PageHeader, RiskBadge } from '../../app/ui';
import { PortalsMyDay } from '../portals/my-day-portals';
import { MyDayInbox } from '../inbox/my-day-inbox';

function Section({
  title,
  color,
  jobs,
  extra,
}: {
  title: string;
  color: string;
  jobs: JobSummary[];
  extra?: (j: JobSummary) => ReactNode;
}) {
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{title}</Text>
        <Badge color={color} variant={jobs.length ? 'filled' : 'light'}>
          {jobs.length}
        </Badge>
      </Group>
      {jobs.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing here.
        </Text>
      ) : (
        <Stack gap={6}>
          {jobs.map((j) => (
            <Group key={j.id} justify="space-between" wrap="nowrap">
              <div>
                <Anchor component={Link} to={`/jobs/${j.id}`} size="sm">
                  {j.number} · {j.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {j.account.name} · due {j.dueDate}
                  {extra ? ' · ' : ''}
                  {extra?.(j)}
                </Text>
              </div>
              <RiskBadge risk={j.risk} />
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function SupplyAndShipping() {
  const late = useMyOverduePurchaseOrders();
  const exceptions = useMyShipmentExceptions();
  const pos = late.data?.items ?? [];
  const shipments = exceptions.data?.items ?? [];
  return (
    <>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Text fw={600}>Late purchase orders for my jobs</Text>
          <Badge color="red" variant={pos.length ? 'filled' : 'light'}>
            {pos.length}
          </Badge>
        </Group>
        {pos.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing here.
          </Text>
        ) : (
          <Stack gap={6}>
            {pos.map((po) => (
              <div key={po.id}>
                <Anchor component={Link} to={`/purchasing/orders/${po.id}`} size="sm">
                  {po.number} · {po.vendor.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  expected {po.expectedDate}
                </Text>
              </div>
            ))}
          </Stack>
        )}
      </Card>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Text fw={600}>Shipment exceptions</Text>
          <Badge color="red" variant={shipments.length ? 'filled' : 'light'}>
            {shipments.length}
          </Badge>
        </Group>
        {shipments.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing here.
          </Text>
        ) : (
          <Stack gap={6}>
            {shipments.map((s) => (
              <div key={s.id}>
                <Anchor component={Link} to={`/jobs/${s.job.id}`} size="sm">
                  {s.number} · {s.job.number}
                </Anchor>
                <Text size="xs" c="red">
                  {s.exceptionReason}
                </Text>
              </div>
            ))}
          </Stack>
        )}
      </Card>
    </>
  );
}

/** The account manager's day: what is due, late, at risk, blocked or waiting on the client. */
export function MyDayPage() {
  const user = useUser();
  const day = useMyDay();
  if (day.error) return <ErrorBox error={day.error} />;
  if (!day.data) return <Loading />;
  const d = day.data;
  return (
    <>
      <PageHeader title={`Good day, ${user.name.split(' ')[0]}`} sub={`Your jobs on ${d.today}`} />
      <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }}>
        <Section title="Late" color="red" jobs={d.late} />
        <Section title="At risk" color="orange" jobs={d.atRisk} />
        <Section
          title="Blocked in production"
          color="red"
          jobs={d.blocked}
          extra={(j) => {
            const b = d.blocked.find((x) => x.id === j.id)!;
            return `${b.blockedStage}: ${b.blockedReason ?? ''}`;
          }}
        />
        <Section title="Due today" color="indigo" jobs={d.dueToday} />
        <Section title="Due this week" color="indigo" jobs={d.dueThisWeek} />
        <Section
          title="Waiting on a proof decision"
          color="yellow"
          jobs={d.awaitingProof}
          extra={(j) => `${d.awaitingProof.find((x) => x.id === j.id)!.items} item(s)`}
        />
        <MyDayInbox />
        <SupplyAndShipping />
        <PortalsMyDay />
      </SimpleGrid>
    </>
  );
}
