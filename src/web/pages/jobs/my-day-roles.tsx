import { Badge, Text } from '@mantine/core';
import type { DepartmentDay, PurchasingDay } from '../../../shared/my-day';
import { DayCard, DayLine } from './my-day-parts';

const stageColor = { blocked: 'red', in_progress: 'blue', ready: 'green', pending: 'gray' } as const;
const stageLabel = {
  blocked: 'Blocked',
  in_progress: 'In progress',
  ready: 'Ready',
  pending: 'Waiting',
} as const;

/** A production user's department: blocked work first, then what is under way, ready and coming. */
export function DepartmentWork({ day }: { day: DepartmentDay | null }) {
  if (!day)
    return (
      <Text c="dimmed" size="sm">
        Your user has no production department; an admin sets it under Users.
      </Text>
    );
  return (
    <DayCard
      title={`${day.department.name}: work to do`}
      color="indigo"
      items={day.stages.items}
      total={day.stages.total}
      allHref={`/boards/${day.department.id}`}
      itemKey={(s) => s.id}
      render={(s) => (
        <DayLine
          to={`/jobs/${s.job.id}`}
          title={`${s.job.number} · ${s.name}`}
          noteColor={s.late || s.status === 'blocked' ? 'red' : 'dimmed'}
          note={`${s.job.account} · ${s.job.title} · planned to finish ${s.plannedEnd}${s.late ? ' (late)' : ''} · job due ${s.job.dueDate}${s.blockedReason ? ` · ${s.blockedReason}` : ''}`}
          right={
            <Badge size="sm" color={stageColor[s.status]} variant="light">
              {stageLabel[s.status]}
            </Badge>
          }
        />
      )}
    />
  );
}

/** Purchasing's day: what to buy, what is late, what is coming, what came. */
export function PurchasingWork({ day }: { day: PurchasingDay | null }) {
  if (!day) return null;
  return (
    <>
      <DayCard
        title="Shortages to buy"
        color="red"
        items={day.shortages.items}
        total={day.shortages.total}
        allHref="/purchasing/shortages"
        itemKey={(s) => s.jobMaterialId}
        render={(s) => (
          <DayLine
            to={`/purchasing/materials/${s.material.id}`}
            title={`${s.material.sku} · ${s.material.name}`}
            note={`short ${s.shortage} ${s.material.unit} for ${s.job.number}, due ${s.job.dueDate}`}
          />
        )}
      />
      {(
        [
          ['Late purchase orders', 'red', day.late],
          ['Purchase orders due this week', 'indigo', day.dueSoon],
        ] as const
      ).map(([title, color, section]) => (
        <DayCard
          key={title}
          title={title}
          color={color}
          items={section.items}
          total={section.total}
          allHref="/purchasing/orders"
          itemKey={(o) => o.id}
          render={(o) => (
            <DayLine
              to={`/purchasing/orders/${o.id}`}
              title={`${o.number} · ${o.vendor}`}
              noteColor={color === 'red' ? 'red' : 'dimmed'}
              note={`expected ${o.expectedDate ?? '—'}`}
            />
          )}
        />
      ))}
      <DayCard
        title="Received in the last 7 days"
        color="green"
        items={day.receipts.items}
        total={day.receipts.total}
        allHref="/purchasing/orders"
        itemKey={(r) => r.id}
        render={(r) => (
          <DayLine
            to={`/purchasing/orders/${r.purchaseOrder.id}`}
            title={`${r.purchaseOrder.number} · ${r.vendor}`}
            note={`${r.lines} line${r.lines === 1 ? '' : 's'} on ${new Date(r.at).toLocaleString()}`}
          />
        )}
      />
    </>
  );
}
