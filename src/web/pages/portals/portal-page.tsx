import { Anchor, Badge, Tabs } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { usePortalAdmin } from '../../data/portals';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { OrdersTable } from './orders-table';
import { PortalForm } from './portal-form';
import { Swatch } from './portal-list';
import { PortalProductsTab } from './portal-products';
import { PortalUsersTab } from './portal-users';
import { PunchOutTab } from './punchout-settings';

const tabs = ['settings', 'users', 'products', 'orders', 'punchout'] as const;

/** One portal: its settings, users, products and orders. */
export function PortalPage() {
  const { id, tab = 'settings' } = useParams() as { id: string; tab?: string };
  const navigate = useNavigate();
  const portal = usePortalAdmin(id);
  if (portal.error) return <ErrorBox error={portal.error} />;
  if (!portal.data) return <Loading />;
  const p = portal.data;
  return (
    <>
      <PageHeader
        title={
          <>
            <Swatch colour={p.primaryColour} />
            {p.name}
            {!p.active && (
              <Badge color="gray" ml="sm" style={{ verticalAlign: 'middle' }}>
                Inactive
              </Badge>
            )}
          </>
        }
        sub={
          <>
            <Anchor component={Link} to={`/accounts/${p.account.id}`} size="sm">
              {p.account.name}
            </Anchor>{' '}
            ·{' '}
            <Anchor href={`/p/${p.slug}`} target="_blank" rel="noreferrer" size="sm">
              /p/{p.slug} <IconExternalLink size={12} />
            </Anchor>{' '}
            · {p.counts.users} users · {p.counts.products} products · {p.counts.openOrders} open orders
          </>
        }
      />
      <Tabs
        value={tabs.includes(tab as never) ? tab : 'settings'}
        onChange={(t) => navigate(`/portals/${p.id}/${t}`)}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="settings">Settings</Tabs.Tab>
          <Tabs.Tab value="users">Users</Tabs.Tab>
          <Tabs.Tab value="products">Products</Tabs.Tab>
          <Tabs.Tab value="orders">Orders</Tabs.Tab>
          <Tabs.Tab value="punchout">PunchOut</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="settings">
          <PortalForm key={p.id} portal={p} />
        </Tabs.Panel>
        <Tabs.Panel value="users">
          <PortalUsersTab portal={p} />
        </Tabs.Panel>
        <Tabs.Panel value="products">
          <PortalProductsTab portal={p} />
        </Tabs.Panel>
        <Tabs.Panel value="orders">
          <OrdersTable params={{ portalId: p.id, status: 'open' }} statusFilter />
        </Tabs.Panel>
        <Tabs.Panel value="punchout">
          <PunchOutTab portal={p} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
