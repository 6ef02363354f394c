import { Card, Group, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Job } from '../../../shared/jobs';
import type { Shipment } from '../../../shared/shipping';
import { api, type Page } from '../../app/api';
import { NewShipmentButton } from './new-shipment';
import { ShipmentsTable } from './shipments-table';

/** The job page's shipping section: its shipments and a new one. */
export function JobShipments({ job, onChange }: { job: Job; onChange: () => void }) {
  const client = useQueryClient();
  const key = ['shipments', 'job', job.id];
  const list = useQuery({
    queryKey: key,
    queryFn: () => api.get<Page<Shipment>>(`/shipments?jobId=${job.id}&limit=100`),
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: key });
    onChange();
  };
  const items = list.data?.items ?? [];
  const canShip = !['cancelled', 'closed'].includes(job.status);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Shipping</Text>
        {canShip && <NewShipmentButton job={job} onCreated={refresh} />}
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No shipments planned yet.
        </Text>
      ) : (
        <ShipmentsTable shipments={items} onChange={refresh} showJob={false} />
      )}
    </Card>
  );
}
