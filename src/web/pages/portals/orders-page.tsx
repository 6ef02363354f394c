import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router';
import { useOrder } from '../../data/portals';
import { dateTime, ErrorBox, Loading, PageHeader } from '../../app/ui';
import {
  AddressText,
  dateOnly,
  DecisionText,
  OrderLinesTable,
  OrderStatusBadge,
  ShipmentLinks,
} from '../portal/order-bits';
import { EscalateOrderButton, OrderEscalations } from '../escalations/escalate-button';
import { OrderActions } from './order-actions';
import { OrdersTable } from './orders-table';

/** The orders inbox: portal orders waiting for approval, approved ones to pick and fulfil, and the rest. */
export function OrdersInboxPage() {
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader
        title="Orders"
        sub="Portal orders from your clients: approve, pick, and follow them to the job"
      >
        <Button component={Link} to="/pick-list" variant="default">
          Pick list
        </Button>
      </PageHeader>
      <OrdersTable params={{ status: params.get('status') ?? 'pending_approval' }} statusFilter />
    </>
  );
}

/** One portal order for staff. */
export function OrderPage() {
  const { id } = useParams() as { id: string };
  const order = useOrder(id);
  if (order.error) return <ErrorBox error={order.error} />;
  if (!order.data) return <Loading />;
  const o = order.data;
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            Order {o.number} <OrderStatusBadge status={o.status} releasing={o.releasing} />
          </Group>
        }
        sub={
          <>
            <Anchor component={Link} to={`/accounts/${o.account.id}`} size="sm">
              {o.account.name}
            </Anchor>{' '}
            ·{' '}
            <Anchor component={Link} to={`/portals/${o.portal.id}/orders`} size="sm">
              {o.portal.name}
            </Anchor>{' '}
            · placed {dateTime(o.createdAt)} by {o.buyer.name} ({o.buyer.email})
          </>
        }
      >
        {o.status === 'approved' && (
          <Button component={Link} to={`/pick-list?orders=${o.id}`} variant="default">
            Pick list
          </Button>
        )}
        <OrderActions order={o} />
        <EscalateOrderButton order={o} />
      </PageHeader>
      <Stack>
        <DecisionText order={o} />
        <OrderEscalations orderId={o.id} />
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Card withBorder padding="sm">
            <Text size="xs" c="dimmed">
              Ship to
            </Text>
            <AddressText a={o.shipTo} />
          </Card>
          <Card withBorder padding="sm">
            <Text size="sm">
              Cost centre {o.costCentre.name} ({o.costCentre.code})
            </Text>
            <Text size="sm">Needed by {dateOnly(o.neededBy)}</Text>
            <Text size="sm">Client PO {o.clientPo ?? '—'}</Text>
            {o.notes && (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
                {o.notes}
              </Text>
            )}
          </Card>
          <Card withBorder padding="sm">
            <Text size="xs" c="dimmed">
              Job and shipments
            </Text>
            {o.job ? (
              <Anchor component={Link} to={`/jobs/${o.job.id}`} size="sm">
                Job {o.job.number} — ship from the job page
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {o.releasing ? 'Being released: the job is being made' : 'No job yet'}
              </Text>
            )}
            <ShipmentLinks order={o} />
          </Card>
        </SimpleGrid>
        <Card withBorder padding="sm">
          <OrderLinesTable order={o} />
          <Text size="xs" c="dimmed" mt="xs">
            Picked: {o.lines.filter((l) => l.picked).length} of {o.lines.length} lines
          </Text>
        </Card>
      </Stack>
    </>
  );
}
