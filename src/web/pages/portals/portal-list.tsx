import { useState } from 'react';
import { Anchor, Badge, Button, Modal, Table, Text } from '@mantine/core';
import { IconExternalLink, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { ErrorBox, LoadMore, Loading, PageHeader } from '../../app/ui';
import { usePortals } from '../../data/portals';
import { PortalForm } from './portal-form';

/** Colour swatch of a portal, as its users see it. */
export function Swatch({ colour }: { colour: string }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        width: 12,
        height: 12,
        borderRadius: 3,
        background: colour,
        marginRight: 6,
        verticalAlign: 'middle',
      }}
    />
  );
}

/** The client ordering portals of the accounts this user manages. */
export function PortalListPage() {
  const list = usePortals();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="Portals" sub="Branded ordering portals of your client accounts">
        <Button variant="default" component={Link} to="/orders">
          Orders inbox
        </Button>
        <Button variant="default" component={Link} to="/inventory">
          Inventory
        </Button>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          New portal
        </Button>
      </PageHeader>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : !list.items.length ? (
        <Text c="dimmed">
          No portals yet. A portal lets a client order from its own catalogue at /p/its-name.
        </Text>
      ) : (
        <Table aria-label="Portals" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Portal</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th ta="right">Users</Table.Th>
              <Table.Th ta="right">Products</Table.Th>
              <Table.Th ta="right">Open orders</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Swatch colour={p.primaryColour} />
                  <Anchor component={Link} to={`/portals/${p.id}`}>
                    {p.name}
                  </Anchor>
                  {!p.active && (
                    <Badge color="gray" ml="xs" size="sm">
                      Inactive
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/accounts/${p.account.id}`} size="sm">
                    {p.account.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Anchor href={`/p/${p.slug}`} target="_blank" rel="noreferrer" size="sm">
                    /p/{p.slug} <IconExternalLink size={12} />
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{p.counts.users}</Table.Td>
                <Table.Td ta="right">{p.counts.products}</Table.Td>
                <Table.Td ta="right">{p.counts.openOrders}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New portal" size="xl">
        {creating && <PortalForm onSaved={(p) => navigate(`/portals/${p.id}/products`)} />}
      </Modal>
    </>
  );
}
