import { Card, Group, Text } from '@mantine/core';
import type { Job } from '../../../shared/jobs';
import { jobStatusMoves } from '../../../shared/status-machines';
import { useJobShipments } from '../../data/shipping';
import { NewShipmentButton } from './new-shipment';
import { ShipmentsTable } from './shipments-table';

/** The job page's shipping section: its shipments and a new one (the shipping hooks refresh the job). */
export function JobShipments({ job }: { job: Job }) {
  const list = useJobShipments(job.id);
  const items = list.data?.items ?? [];
  // A job that can no longer move (closed or cancelled) ships nothing more.
  const canShip = jobStatusMoves[job.status].length > 0;
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Shipping</Text>
        {canShip && <NewShipmentButton job={job} />}
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No shipments planned yet.
        </Text>
      ) : (
        <ShipmentsTable shipments={items} showJob={false} />
      )}
    </Card>
  );
}
