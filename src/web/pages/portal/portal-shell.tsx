import type { ReactNode } from 'react';
import {
  AppShell,
  Badge,
  Box,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBuildingWarehouse,
  IconChartBar,
  IconChecklist,
  IconFileCheck,
  IconFileDollar,
  IconFileAnalytics,
  IconWebhook,
  IconLayoutGrid,
  IconPackage,
  IconShoppingCart,
} from '@tabler/icons-react';
import { Link, useLocation, useNavigate } from 'react-router';
import { portalRoleLabels } from '../../../shared/portals';
import { can, usePortal, usePortalSession } from './portal-auth';
import { BrandMark } from './portal-sign-in';
import { useCart } from './use-cart';

/** The portal's frame: the client's logo, name and colour, the screens this role may use, the cart. */
export function PortalShell({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const session = usePortalSession();
  const { to, signOut } = usePortal();
  const { count } = useCart();
  const location = useLocation();
  const navigate = useNavigate();
  const role = session.user.role;
  const items = [
    { to: to(), label: 'Catalogue', icon: IconLayoutGrid, show: true, exact: true },
    { to: to('/cart'), label: 'Cart', icon: IconShoppingCart, show: can.order(role), count },
    { to: to('/orders'), label: 'My orders', icon: IconPackage, show: true },
    { to: to('/approvals'), label: 'Approvals', icon: IconChecklist, show: can.approve(role) },
    { to: to('/proofs'), label: 'Proofs', icon: IconFileCheck, show: true },
    { to: to('/quotes'), label: 'Quotes', icon: IconFileDollar, show: true },
    { to: to('/inventory'), label: 'Inventory', icon: IconBuildingWarehouse, show: can.seeInventory(role) },
    { to: to('/budgets'), label: 'Budgets', icon: IconChartBar, show: can.seeBudgets(role) },
    // The client reports are for the same roles as the inventory (client admins and viewers).
    { to: to('/reports'), label: 'Reports', icon: IconFileAnalytics, show: can.seeInventory(role) },
    { to: to('/webhooks'), label: 'Webhooks', icon: IconWebhook, show: role === 'client_admin' },
  ].filter((i) => i.show);
  const active = (i: (typeof items)[number]) =>
    i.exact
      ? location.pathname === i.to || location.pathname.startsWith(`${i.to}/catalog`)
      : location.pathname === i.to || location.pathname.startsWith(`${i.to}/`);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'md' }}
    >
      <AppShell.Header style={{ borderBottom: '3px solid var(--mantine-color-brand-filled)' }}>
        <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Menu"
              aria-expanded={opened}
            />
            <UnstyledButton component={Link} to={to()} aria-label={`${session.portal.name} catalogue`}>
              <Group gap="xs" wrap="nowrap">
                <BrandMark branding={session.portal} size={34} />
                <Text fw={700} size="lg" truncate visibleFrom="xs">
                  {session.portal.name}
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {can.order(role) && (
              <Button
                component={Link}
                to={to('/cart')}
                variant="light"
                leftSection={<IconShoppingCart size={18} />}
                aria-label={`Cart, ${count} line${count === 1 ? '' : 's'}`}
                px="sm"
              >
                {count}
              </Button>
            )}
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="subtle" color="gray" aria-label="Account menu" px="xs">
                  <Text size="sm" truncate maw={{ base: 90, sm: 220 }}>
                    {session.user.name}
                  </Text>
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {session.user.email} · {portalRoleLabels[role]}
                </Menu.Label>
                <Menu.Item component={Link} to={to('/account')}>
                  My account
                </Menu.Item>
                <Menu.Item
                  color="red"
                  onClick={async () => {
                    await signOut();
                    navigate(to('/sign-in'));
                  }}
                >
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Portal">
        {items.map((i) => (
          <NavLink
            key={i.label}
            component={Link}
            to={i.to}
            label={i.label}
            onClick={close}
            leftSection={<i.icon size={18} />}
            rightSection={
              i.count ? (
                <Badge size="sm" circle>
                  {i.count}
                </Badge>
              ) : null
            }
            active={active(i)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <Box maw={1200} mx="auto">
          {children}
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
