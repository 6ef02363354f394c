import { useEffect, useState } from 'react';
import { Badge, Grid, Group, Paper, ScrollArea, SegmentedControl, Stack, Text } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { reportError } from '../../app/feedback';
import { useConversations, useUpdateConversation } from '../../data/inbox';
import { ErrorBox, Loading, PageHeader, unlessDialogOpen } from '../../app/ui';
import { ConversationView } from './conversation-view';
import { TargetBadge } from './targets';

const views = [
  { value: 'mine', label: 'Mine' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'unmatched', label: 'Unmatched' },
  { value: 'open', label: 'All open' },
  { value: 'all', label: 'All' },
];

/** The shared inbox: j/k move, r replies, e resolves. */
export function InboxPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [view, setView] = useState('open');
  const [replyFocus, setReplyFocus] = useState(0);
  const list = useConversations(view);
  const items = list.data?.items ?? [];
  const update = useUpdateConversation();
  const resolve = (cid: string) =>
    update.mutate({ id: cid, status: 'resolved' }, { onError: (e) => reportError(e) });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (
        e.metaKey ||
        e.ctrlKey ||
        e.altKey ||
        ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
        target.isContentEditable
      )
        return;
      const at = items.findIndex((c) => c.id === id);
      const go = (i: number) => items[i] && navigate(`/inbox/${items[i].id}`);
      const actions: Record<string, () => void> = {
        j: () => go(Math.min(items.length - 1, at + 1)),
        k: () => go(Math.max(0, at - 1)),
        r: () => id && setReplyFocus((n) => n + 1),
        e: () => id && resolve(id),
      };
      const action = actions[e.key];
      if (action) {
        e.preventDefault();
        unlessDialogOpen(action)();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <>
      <PageHeader
        title="Inbox"
        sub="Client e-mail, calls and meetings · j/k to move, r to reply, e to resolve"
      >
        <SegmentedControl data={views} value={view} onChange={setView} />
      </PageHeader>
      {list.error && <ErrorBox error={list.error} />}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {!list.data ? (
            <Loading />
          ) : (
            <ScrollArea h="calc(100vh - 180px)">
              <Stack gap={4}>
                {items.length === 0 && <Text c="dimmed">Nothing here.</Text>}
                {items.map((c) => (
                  <Paper
                    key={c.id}
                    withBorder
                    p="xs"
                    data-testid="conversation-row"
                    bg={c.id === id ? 'var(--mantine-color-blue-light)' : undefined}
                    style={{ cursor: 'pointer' }}
                    onClick={() => navigate(`/inbox/${c.id}`)}
                  >
                    <Group justify="space-between" wrap="nowrap">
                      <Text size="sm" fw={c.status === 'resolved' ? 400 : 600} truncate>
                        {c.subject}
                      </Text>
                      <Badge size="xs" variant="light">
                        {c.status.replace(/_/g, ' ')}
                      </Badge>
                    </Group>
                    <Text size="xs" c="dimmed" truncate>
                      {c.account?.name ?? c.fromAddress} · {c.preview}
                    </Text>
                    <Group gap={4} mt={2}>
                      <TargetBadge label="First response" target={c.firstResponse} />
                    </Group>
                  </Paper>
                ))}
              </Stack>
            </ScrollArea>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {id ? (
            <ConversationView key={id} id={id} replyFocus={replyFocus} />
          ) : (
            <Text c="dimmed">Pick a conversation (j/k).</Text>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}
