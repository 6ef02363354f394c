import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Job, JobStage } from '../../../shared/jobs';
import { api } from '../../app/api';
import { reportError } from '../../app/feedback';

/** Start, finish or block a stage (the server checks order and department). */
export function StageActions({
  jobId,
  stage,
  onDone,
  size = 'xs',
}: {
  jobId: string;
  stage: JobStage;
  onDone(job: Job): void;
  size?: 'xs' | 'compact-xs';
}) {
  const [blocking, setBlocking] = useState(false);
  const [reason, setReason] = useState('');
  const move = async (status: JobStage['status'], blockedReason?: string) => {
    try {
      onDone(await api.patch<Job>(`/jobs/${jobId}/stages/${stage.id}`, { status, blockedReason }));
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
