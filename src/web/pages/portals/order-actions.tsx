import { useState } from 'react';
import { Anchor, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { Link } from 'react-router';
import type { Order } from '../../../shared/portals';
import { orderStatusMoves } from '../../../shared/status-machines';
import { reportError, saved } from '../../app/feedback';
import { useDecideStaffOrder, usePickOrder } from '../../data/portals';

/** Stocked lines (or kits) still to pick: "Confirm pick" applies to these. */
export const toPick = (o: Order) =>
  o.lines.filter((l) => !l.picked && (l.product.kind === 'stocked' || l.product.kind === 'kit'));

/** What staff can do with an order: decide it for the client, confirm its pick, go to its job. */
export function OrderActions({ order }: { order: Order }) {
  const decideOrder = useDecideStaffOrder(order.id);
  const pickOrder = usePickOrder(order.id);
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const done = (o: Order, message: string) => {
    saved(message);
  };
  const decide = async () => {
    if (!deciding) return;
    setBusy(true);
    try {
      const o = await decideOrder.mutateAsync({ how: deciding, comment: comment.trim() || null });
      setDeciding(null);
      setComment('');
      done(o, `${o.number} ${deciding === 'approve' ? 'approved' : 'rejected'}`);
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const pick = async () => {
    setBusy(true);
    try {
      const o = await pickOrder.mutateAsync();
      done(o, `${o.number}: pick confirmed`);
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const picking = toPick(order);
  return (
    <Group gap="xs" wrap="nowrap" justify="flex-end">
      {orderStatusMoves[order.status].includes('approved') && (
        <>
          <Button
            size="compact-sm"
            onClick={() => setDeciding('approve')}
            aria-label={`Approve ${order.number}`}
          >
            Approve
          </Button>
          <Button
            size="compact-sm"
            color="red"
            variant="light"
            onClick={() => setDeciding('reject')}
            aria-label={`Reject ${order.number}`}
          >
            Reject
          </Button>
        </>
      )}
      {(order.status === 'approved' || order.status === 'in_fulfilment') && picking.length > 0 && (
        <Button
          size="compact-sm"
          loading={busy}
          onClick={pick}
          aria-label={`Confirm pick of ${order.number}`}
        >
          Confirm pick
        </Button>
      )}
      {order.job && (
        <Anchor component={Link} to={`/jobs/${order.job.id}`} size="sm" style={{ whiteSpace: 'nowrap' }}>
          {order.job.number}
        </Anchor>
      )}
      <Modal
        opened={deciding !== null}
        onClose={() => setDeciding(null)}
        title={`${deciding === 'approve' ? 'Approve' : 'Reject'} ${order.number} for ${order.account.name}`}
      >
        <Stack>
          <Textarea
            label="Comment"
            description="The buyer sees it"
            autosize
            minRows={2}
            data-autofocus
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button color={deciding === 'reject' ? 'red' : undefined} loading={busy} onClick={decide}>
              {deciding === 'approve' ? 'Approve' : 'Reject'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
