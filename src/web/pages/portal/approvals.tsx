import { useState } from 'react';
import { Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import type { Order } from '../../../shared/portals';
import { reportError, saved } from '../../app/feedback';
import { ErrorBox, LoadMore, Loading } from '../../app/ui';
import { useApprovals, useDecideOrder } from '../../data/portal';
import { OrderLinesTable } from './order-bits';
import { OrderCard } from './my-orders';
import { usePortal, usePortalSession } from './portal-auth';

function Decide({ order }: { order: Order }) {
  const { slug } = usePortal();
  const decideOrder = useDecideOrder(slug);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const decide = async (how: 'approve' | 'reject') => {
    if (how === 'reject' && !comment.trim()) return setError('Say why you reject the order');
    setError(null);
    setBusy(how);
    try {
      const next = await decideOrder.mutateAsync({ id: order.id, how, comment: comment.trim() || null });
      saved(`${next.number} ${how === 'approve' ? 'approved' : 'rejected'}`);
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap="xs" mt="sm">
      <Textarea
        label="Comment"
        description="Required to reject; the buyer sees it"
        autosize
        minRows={1}
        value={comment}
        error={error}
        onChange={(e) => setComment(e.currentTarget.value)}
      />
      <Group>
        <Button
          onClick={() => decide('approve')}
          loading={busy === 'approve'}
          disabled={busy !== null}
          aria-label={`Approve ${order.number}`}
        >
          Approve
        </Button>
        <Button
          color="red"
          variant="light"
          onClick={() => decide('reject')}
          loading={busy === 'reject'}
          disabled={busy !== null}
          aria-label={`Reject ${order.number}`}
        >
          Reject
        </Button>
      </Group>
    </Stack>
  );
}

/** Orders waiting for this approver: why they wait, what is in them, approve or reject with a comment. */
export function ApprovalsPage() {
  const { slug } = usePortal();
  const session = usePortalSession();
  const list = useApprovals(slug);
  return (
    <Stack maw={860}>
      <Title order={2}>Approvals</Title>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : !list.items.length ? (
        <Text c="dimmed">No orders are waiting for you.</Text>
      ) : (
        list.items.map((o) => (
          <OrderCard key={o.id} order={o}>
            <OrderLinesTable order={o} showPrices={session.portal.showPrices} />
            <Decide order={o} />
          </OrderCard>
        ))
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </Stack>
  );
}
