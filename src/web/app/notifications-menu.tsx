import { ActionIcon, Indicator, Menu, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Notification } from '../../shared/audit';
import { api } from './api';
import { dateTime } from './ui';

/** The bell: alerts and mentions for the signed-in user; opening one marks it read. */
export function NotificationsMenu() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api.get<{ items: Notification[]; unread: number }>('/notifications'),
    refetchInterval: 60_000,
  });
  const open = async (n: Notification) => {
    if (!n.readAt) await api.post(`/notifications/${n.id}/read`).catch(() => null);
    await client.invalidateQueries({ queryKey: ['notifications'] });
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
          <Menu.Item
            c="dimmed"
            onClick={async () => {
              await api.post('/notifications/read-all');
              await client.invalidateQueries({ queryKey: ['notifications'] });
            }}
          >
            Mark all read
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
