import { Tabs, Text } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { ErrorBox, LoadMore, Loading, PageHeader } from '../../app/ui';
import { useShipments } from '../../data/shipping';
import { ShipmentsTable } from './shipments-table';

const views = {
  ready: 'Nothing is waiting to ship today.',
  shipped: 'Nothing has shipped yet.',
  exceptions: 'No exceptions.',
  all: 'No shipments yet.',
} as const;
type View = keyof typeof views;

function ShipmentList({ view }: { view: View }) {
  const list = useShipments({ view, limit: 50 });
  if (list.error) return <ErrorBox error={list.error} />;
  if (list.loading) return <Loading />;
  if (!list.items.length) return <Text c="dimmed">{views[view]}</Text>;
  return (
    <>
      <ShipmentsTable shipments={list.items} />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </>
  );
}

/** The shipping workspace: what is ready to go today, what has shipped, and what went wrong. */
export function ShippingPage() {
  const { view = 'ready' } = useParams();
  const navigate = useNavigate();
  const current = (view in views ? view : 'ready') as View;
  return (
    <>
      <PageHeader title="Shipping" sub="Plan shipments from a job's page; pack, ship and deliver them here" />
      <Tabs value={current} onChange={(v) => navigate(`/shipping/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="ready">Ready to ship</Tabs.Tab>
          <Tabs.Tab value="shipped">Shipped</Tabs.Tab>
          <Tabs.Tab value="exceptions">Exceptions</Tabs.Tab>
          <Tabs.Tab value="all">All</Tabs.Tab>
        </Tabs.List>
        {(Object.keys(views) as View[]).map((v) => (
          <Tabs.Panel key={v} value={v}>
            <ShipmentList view={v} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
