import { useState } from 'react';
import { Button, Card, Stack, Text } from '@mantine/core';
import { useParams } from 'react-router';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { useVendor } from '../../data/purchasing';
import { OrdersTab } from './orders-tab';
import { VendorForm } from './vendor-form';

/** One vendor: where orders go, terms, lead time, and their purchase orders. */
export function VendorPage() {
  const { id } = useParams() as { id: string };
  const user = useUser();
  const vendor = useVendor(id);
  const [editing, setEditing] = useState(false);
  if (vendor.error) return <ErrorBox error={vendor.error} />;
  if (!vendor.data) return <Loading />;
  const v = vendor.data;
  const a = v.address;
  return (
    <>
      <PageHeader
        title={v.name}
        sub={`${v.active ? '' : 'Inactive · '}Orders to ${v.email} · ${v.terms ?? 'no terms'} · ${v.leadTimeDays} days lead time`}
      >
        {can(user.role, 'purchasing.buy') && (
          <Button variant="default" onClick={() => setEditing(true)}>
            Edit
          </Button>
        )}
      </PageHeader>
      <Stack>
        <Card withBorder>
          <Text size="sm">
            {[v.contactName, v.phone].filter(Boolean).join(' · ') || 'No contact recorded'}
          </Text>
          {a && (
            <Text size="sm" c="dimmed">
              {a.line1}
              {a.line2 ? `, ${a.line2}` : ''}, {a.city}, {a.region} {a.postalCode}
            </Text>
          )}
          {v.notes && (
            <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
              {v.notes}
            </Text>
          )}
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            Purchase orders
          </Text>
          <OrdersTab vendorId={v.id} />
        </Card>
      </Stack>
      {editing && <VendorForm vendor={v} opened={editing} onClose={() => setEditing(false)} />}
    </>
  );
}
