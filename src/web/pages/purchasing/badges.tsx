import { Badge } from '@mantine/core';
import { jobMaterialStatusLabels, type JobMaterialStatus, type PoStatus } from '../../../shared/purchasing';
import type { ShipmentStatus } from '../../../shared/shipping';
import { humanize } from '../../app/ui';

const materialColor: Record<JobMaterialStatus, string> = {
  to_order: 'red',
  ordered: 'yellow',
  allocated: 'green',
  received: 'teal',
};
export function MaterialStatusBadge({ status }: { status: JobMaterialStatus }) {
  return (
    <Badge color={materialColor[status]} variant="light" style={{ overflow: 'visible' }}>
      {jobMaterialStatusLabels[status]}
    </Badge>
  );
}

const poColor: Record<PoStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  partly_received: 'yellow',
  received: 'green',
  closed: 'dark',
  cancelled: 'red',
};
export function PoStatusBadge({ status, overdue }: { status: PoStatus; overdue?: boolean }) {
  return (
    <>
      <Badge color={poColor[status]} variant="light" style={{ overflow: 'visible' }}>
        {humanize(status)}
      </Badge>
      {overdue && (
        <Badge color="red" ml={4} style={{ overflow: 'visible' }}>
          Overdue
        </Badge>
      )}
    </>
  );
}

const shipmentColor: Record<ShipmentStatus, string> = {
  planned: 'gray',
  packed: 'blue',
  shipped: 'indigo',
  delivered: 'green',
  exception: 'red',
};
export function ShipmentStatusBadge({ status }: { status: ShipmentStatus }) {
  return (
    <Badge color={shipmentColor[status]} variant="light" style={{ overflow: 'visible' }}>
      {humanize(status)}
    </Badge>
  );
}

export const money = (cents: number) =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });

/** A fresh Idempotency-Key per dialog opening: a double click or a retry of the same submission counts once. */
export const newIdempotencyKey = () => crypto.randomUUID();
