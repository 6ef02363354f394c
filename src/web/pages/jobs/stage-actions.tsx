import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { JobStage } from '../../../shared/jobs';
import { reportError } from '../../app/feedback';
import { useMoveStage } from '../../data/jobs';

/**
 * Start, finish or block a stage (the server checks order and department). The changed job refreshes the
 * job page, the boards and My day through the jobs data module.
 */
export function StageActions({
  jobId,
  stage,
  size = 'xs',
}: {
  jobId: string;
  stage: JobStage;
  size?: 'xs' | 'compact-xs';
}) {
  const [blocking, setBlocking] = useState(false);
  const [reason, setReason] = useState('');
  const moveStage = useMoveStage(jobId);
  const move = async (status: JobStage['status'], blockedReason?: string) => {
    try {
      await moveStage.mutateAsync({ stageId: stage.id, status, blockedReason });
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Group gap={4} wrap="nowrap">
      {(stage.status === 'ready' || stage.status === 'blocked') && (
        <Button
          size={size}
          variant="light"
          onClick={() => move('in_progress')}
          aria-label={`Start ${stage.name}`}
        >
          Start
        </Button>
      )}
      {(stage.status === 'in_progress' || stage.status === 'ready') && (
        <Button
          size={size}
          variant="light"
          color="green"
          onClick={() => move('done')}
          aria-label={`Finish ${stage.name}`}
        >
          Finish
        </Button>
      )}
      {stage.status !== 'done' && stage.status !== 'blocked' && (
        <Button
          size={size}
          variant="subtle"
          color="red"
          onClick={() => setBlocking(true)}
          aria-label={`Block ${stage.name}`}
        >
          Block
        </Button>
      )}
      <Modal opened={blocking} onClose={() => setBlocking(false)} title={`Block "${stage.name}"`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setBlocking(false);
            void move('blocked', reason);
          }}
        >
          <Stack>
            <TextInput
              label="What blocks it?"
              data-autofocus
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
            />
            <Button type="submit" color="red">
              Block stage
            </Button>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
