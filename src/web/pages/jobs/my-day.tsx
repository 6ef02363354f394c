import { SimpleGrid } from '@mantine/core';
import type { JobSummary, MyDay } from '../../../shared/jobs';
import { useUser } from '../../app/auth';
import { useMyDay } from '../../data/jobs';
import { useMyOverduePurchaseOrders } from '../../data/purchasing';
import { useMyShipmentExceptions } from '../../data/shipping';
import { ErrorBox, Loading, PageHeader, RiskBadge } from '../../app/ui';
import { PortalsMyDay } from '../portals/my-day-portals';
import { QuotesWaiting } from '../quotes/quotes-waiting';
import { ClientMessages, FollowUps, MyEscalations, useReadsInbox } from '../inbox/my-day-inbox';
import { DayCard, DayLine } from './my-day-parts';
import { DepartmentWork, PurchasingWork } from './my-day-roles';

/** A section of my jobs, soonest due first; `extra` adds a word to each line. */
function JobsCard(props: {
  title: string;
  color: string;
  jobs: JobSummary[];
  extra?: (j: JobSummary) => string;
}) {
  return (
    <DayCard
      title={props.title}
      color={props.color}
      items={props.jobs}
      itemKey={(j) => j.id}
      render={(j) => (
        <DayLine
          to={`/jobs/${j.id}`}
          title={`${j.number} · ${j.title}`}
          note={`${j.account.name} · due ${j.dueDate}${props.extra ? ` · ${props.extra(j)}` : ''}`}
          right={<RiskBadge risk={j.risk} />}
        />
      )}
    />
  );
}

function LatePurchaseOrders() {
  const pos = useMyOverduePurchaseOrders().data?.items ?? [];
  return (
    <DayCard
      title="Late purchase orders for my jobs"
      color="red"
      items={pos}
      itemKey={(po) => po.id}
      render={(po) => (
        <DayLine
          to={`/purchasing/orders/${po.id}`}
          title={`${po.number} · ${po.vendor.name}`}
          note={`expected ${po.expectedDate}`}
        />
      )}
    />
  );
}

function ShipmentExceptions() {
  const shipments = useMyShipmentExceptions().data?.items ?? [];
  return (
    <DayCard
      title="Shipment exceptions"
      color="red"
      items={shipments}
      itemKey={(s) => s.id}
      render={(s) => (
        <DayLine
          to={`/jobs/${s.job.id}`}
          title={`${s.number} · ${s.job.number}`}
          noteColor="red"
          note={s.exceptionReason}
        />
      )}
    />
  );
}

/**
 * The account manager's (and manager's) day, most urgent first: clients waiting on an answer and escalations,
 * then late, at-risk and blocked jobs, what is due, proofs the client has not decided, follow-ups, supply.
 */
function AccountManagerDay({ d }: { d: MyDay }) {
  const readsInbox = useReadsInbox();
  return (
    <>
      {readsInbox && <ClientMessages />}
      {readsInbox && <MyEscalations />}
      <JobsCard title="Late" color="red" jobs={d.late} />
      <JobsCard title="At risk" color="orange" jobs={d.atRisk} />
      <JobsCard
        title="Blocked in production"
        color="red"
        jobs={d.blocked}
        extra={(j) => {
          const b = d.blocked.find((x) => x.id === j.id)!;
          return `${b.blockedStage}: ${b.blockedReason ?? ''}`;
        }}
      />
      <JobsCard title="Due today" color="indigo" jobs={d.dueToday} />
      <JobsCard title="Due this week" color="indigo" jobs={d.dueThisWeek} />
      <JobsCard
        title="Waiting on a proof decision"
        color="yellow"
        jobs={d.awaitingProof}
        extra={(j) => `${d.awaitingProof.find((x) => x.id === j.id)!.items} item(s)`}
      />
      {readsInbox && <FollowUps today={d.today} />}
      <QuotesWaiting />
      <LatePurchaseOrders />
      <ShipmentExceptions />
      <PortalsMyDay />
    </>
  );
}

/** My day for the signed-in user's role: account managers' clients and jobs, production's department, purchasing's buying. */
export function MyDayPage() {
  const user = useUser();
  const day = useMyDay();
  if (day.error) return <ErrorBox error={day.error} />;
  if (!day.data) return <Loading />;
  const d = day.data;
  const sub =
    user.role === 'production'
      ? `Your department's work on ${d.today}`
      : user.role === 'purchasing'
        ? `Buying and receiving on ${d.today}`
        : `Your clients and jobs on ${d.today}`;
  return (
    <>
      <PageHeader title={`Good day, ${user.name.split(' ')[0]}`} sub={sub} />
      {user.role === 'production' ? (
        // One department's queue: a wide list reads better than a card among others.
        <DepartmentWork day={d.department} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }}>
          {user.role === 'purchasing' ? <PurchasingWork day={d.purchasing} /> : <AccountManagerDay d={d} />}
        </SimpleGrid>
      )}
    </>
  );
}
