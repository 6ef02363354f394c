import { useEffect, useState, type ReactNode } from 'react';
import { AppShell, Burger, Button, Group, Kbd, Menu, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import {
  IconAddressBook,
  IconCalculator,
  IconBuildingFactory2,
  IconCalendarDue,
  IconChartBar,
  IconClipboardList,
  IconInbox,
  IconMail,
  IconSearch,
  IconSettings,
  IconShoppingCart,
  IconTruckDelivery,
  IconAlertTriangle,
  IconBuildingStore,
  IconBuildingWarehouse,
  IconReceipt,
  IconFileDollar,
  IconFileInvoice,
} from '@tabler/icons-react';
import { Link, useLocation, useNavigate } from 'react-router';
import { can, type Permission } from '../../shared/permissions';
import { roleLabels } from '../../shared/users';
import { useAuth, useUser } from './auth';
import { GlobalSearch, openSearch } from './global-search';
import { NotificationsMenu } from './notifications-menu';

const nav: { to: string; label: string; icon: typeof IconInbox; permission?: Permission }[] = [
  { to: '/my-day', label: 'My day', icon: IconCalendarDue },
  { to: '/accounts', label: 'Accounts', icon: IconAddressBook },
  { to: '/jobs', label: 'Jobs', icon: IconClipboardList },
  { to: '/estimates', label: 'Price a job', icon: IconCalculator, permission: 'estimate.run' },
  { to: '/quotes', label: 'Quotes', icon: IconFileDollar, permission: 'quote.edit' },
  { to: '/billing', label: 'Billing', icon: IconFileInvoice, permission: 'invoice.export' },
  { to: '/boards', label: 'Production boards', icon: IconBuildingFactory2 },
  { to: '/purchasing', label: 'Purchasing', icon: IconShoppingCart },
  { to: '/shipping', label: 'Shipping', icon: IconTruckDelivery },
  { to: '/inbox', label: 'Inbox', icon: IconInbox, permission: 'inbox.read' },
  { to: '/escalations', label: 'Escalations', icon: IconAlertTriangle },
  { to: '/portals', label: 'Portals', icon: IconBuildingStore },
  { to: '/orders', label: 'Portal orders', icon: IconReceipt },
  { to: '/inventory', label: 'Inventory', icon: IconBuildingWarehouse },
  { to: '/mailing', label: 'Mailing', icon: IconMail, permission: 'mailing.read' },
  { to: '/reports', label: 'Reports', icon: IconChartBar },
];

/** The signed-in frame: navigation for every domain, global search (`/` or Ctrl+K) and the user menu. */
export function Shell({ children }: { children: ReactNode }) {
  const [opened, { toggle }] = useDisclosure();
  const user = useUser();
  const { signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const inAdmin = location.pathname.startsWith('/admin');
  const [adminOpen, setAdminOpen] = useState(inAdmin);
  // Arriving in an admin page by a link (e.g. an account's audit log) shows where you are in the menu.
  useEffect(() => {
    if (inAdmin) setAdminOpen(true);
  }, [inAdmin]);
  useHotkeys([['/', () => openSearch()]]);
  // The admin menu is for those who read the audit log; its entries follow their own permissions.
  const adminMenu = can(user.role, 'audit.read');

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
              <Title order={4}>Jobjacket</Title>
            </Link>
          </Group>
          <Button
            variant="default"
            leftSection={<IconSearch size={16} />}
            rightSection={<Kbd size="xs">/</Kbd>}
            onClick={() => openSearch()}
            w={320}
            justify="space-between"
            aria-label="Search accounts and jobs"
          >
            <Text size="sm" c="dimmed">
              Search accounts and jobs
            </Text>
          </Button>
          <Group gap="xs">
            <NotificationsMenu />
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="subtle" aria-label="User menu">
                  {user.name} · {roleLabels[user.role]}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => navigate('/admin/api-tokens')}>My API tokens</Menu.Item>
                <Menu.Item
                  color="red"
                  onClick={async () => {
                    await signOut();
                    navigate('/sign-in');
                  }}
                >
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <ScrollArea>
          {nav
            .filter((item) => !item.permission || can(user.role, item.permission))
            .map((item) => (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={item.label}
                leftSection={<item.icon size={18} />}
                active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
              />
            ))}
          {adminMenu && (
            <NavLink
              label="Admin"
              leftSection={<IconSettings size={18} />}
              opened={adminOpen}
              onChange={setAdminOpen}
              childrenOffset={28}
            >
              {can(user.role, 'users.manage') && (
                <NavLink
                  component={Link}
                  to="/admin/users"
                  label="Users"
                  active={location.pathname === '/admin/users'}
                />
              )}
              <NavLink
                component={Link}
                to="/admin/api-tokens"
                label="API tokens"
                active={location.pathname === '/admin/api-tokens'}
              />
              <NavLink
                component={Link}
                to="/admin/shop-profile"
                label="Shop profile"
                active={location.pathname === '/admin/shop-profile'}
              />
              <NavLink
                component={Link}
                to="/admin/departments"
                label="Departments"
                active={location.pathname === '/admin/departments'}
              />
              <NavLink
                component={Link}
                to="/admin/mail-templates"
                label="E-mail templates"
                active={location.pathname === '/admin/mail-templates'}
              />
              <NavLink
                component={Link}
                to="/admin/escalations"
                label="Response targets"
                active={location.pathname === '/admin/escalations'}
              />
              {can(user.role, 'estimating.edit') && (
                <NavLink
                  component={Link}
                  to="/admin/estimating"
                  label="Estimating"
                  active={location.pathname === '/admin/estimating'}
                />
              )}
              <NavLink
                component={Link}
                to="/admin/audit"
                label="Audit log"
                active={location.pathname === '/admin/audit'}
              />
              {can(user.role, 'outbox.read') && (
                <NavLink
                  component={Link}
                  to="/admin/outbox"
                  label="Outbox"
                  active={location.pathname === '/admin/outbox'}
                />
              )}
              {can(user.role, 'webhooks.manage') && (
                <NavLink
                  component={Link}
                  to="/admin/webhooks"
                  label="Webhooks"
                  active={location.pathname.startsWith('/admin/webhooks')}
                />
              )}
            </NavLink>
          )}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
      <GlobalSearch />
    </AppShell>
  );
}
