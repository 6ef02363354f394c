import { Button, Group } from '@mantine/core';
import type { Job } from '../../../shared/jobs';
import { JobChangeOrders } from './job-change-orders';
import { JobEditDialog } from './job-edit-dialog';
import { JobItemDialog, RemoveItemDialog } from './job-item-dialog';
import { ReorderDialog } from './reorder-dialog';
import { ShipToLine } from './ship-to';

type Item = Job['items'][number];

/** Which dialog of the job page is open: the header, an item (null: a new one), removing one, a reorder. */
export type JobDialog =
  | { kind: 'edit' }
  | { kind: 'item'; item: Item | null }
  | { kind: 'remove'; item: Item }
  | { kind: 'reorder' }
  | null;

/** Work under way on an item (the server refuses to remove it then). */
const started = (job: Job, itemId: string) =>
  job.stages.some((s) => s.itemId === itemId && ['in_progress', 'done', 'blocked'].includes(s.status));

function ItemActions({ job, item, open }: { job: Job; item: Item; open: (d: JobDialog) => void }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-xs" variant="subtle" onClick={() => open({ kind: 'item', item })}>
        Edit item {item.position}
      </Button>
      {job.items.length > 1 && !started(job, item.id) && (
        <Button size="compact-xs" variant="subtle" color="red" onClick={() => open({ kind: 'remove', item })}>
          Remove
        </Button>
      )}
    </Group>
  );
}

/** The open dialog, mounted only while open so each opening starts from the job as it is now. */
function Dialog(props: { job: Job; dialog: JobDialog; today: string; onClose: () => void }) {
  const { job, dialog, today, onClose } = props;
  if (dialog?.kind === 'edit') return <JobEditDialog job={job} opened onClose={onClose} />;
  if (dialog?.kind === 'item') return <JobItemDialog job={job} item={dialog.item} onClose={onClose} />;
  if (dialog?.kind === 'remove') return <RemoveItemDialog job={job} item={dialog.item} onClose={onClose} />;
  if (dialog?.kind === 'reorder') return <ReorderDialog job={job} today={today} onClose={onClose} />;
  return null;
}

/** How a job changes on its page: item actions, the dialogs, the change orders and the ship-to line. */
export const JobChanges = { ItemActions, Dialog, Orders: JobChangeOrders, ShipTo: ShipToLine };
