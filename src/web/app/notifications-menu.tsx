import { ActionIcon, Indicator, Menu, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import type { Notification } from '../../shared/audit';
import { useNotifications, useReadNotifications } from '../data/admin';
import { dateTime } from './ui';

/** The bell: alerts and mentions for the signed-in user; opening one marks it read. */
export function NotificationsMenu() {
  const navigate = useNavigate();
  const list = useNotifications();
  const read = useReadNotifications();
  const open = async (n: Notification) => {
    if (!n.readAt) await read.mutateAsync(n.id).catch(() => null);
    if (n.link) navigate(n.link);
  };
  const unread = list.data?.unread ?? 0;
  return (
    <Menu position="bottom-end" width={380}>
      <Menu.Target>
        <Indicator disabled={unread === 0} label={unread} size={16} offset={4}>
          <ActionIcon variant="subtle" size="lg" aria-label={`Notifications, ${unread} unread`}>
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown>
        {(list.data?.items.length ?? 0) === 0 && <Menu.Label>Nothing yet</Menu.Label>}
        {list.data?.items.slice(0, 12).map((n) => (
          <Menu.Item key={n.id} onClick={() => open(n)}>
            <Text size="sm" fw={n.readAt ? 400 : 600} lineClamp={2}>
              {n.title}
            </Text>
            <Text size="xs" c="dimmed">
              {dateTime(n.createdAt)}
            </Text>
          </Menu.Item>
        ))}
        {unread > 0 && (
          <Menu.Item c="dimmed" onClick={() => read.mutateAsync()}>
            Mark all read
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
