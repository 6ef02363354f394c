import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { proofStateColour, type ProofDecisionKind, type ProofState } from '../../../shared/proofs';
import { useProofFile } from '../../data/client-proofs';

// What the client's two proof screens share: the proof shown in the page, the decision form, the decision.

/** The proof file in the page (a PDF in a frame, an image as is), with a link to open it on its own. */
export function ProofFile({ url, label, height = 520 }: { url: string; label: string; height?: number }) {
  const { src, isImage, error } = useProofFile(url);
  if (error) return <Alert color="red">{error.message}</Alert>;
  if (!src) {
    return (
      <Center h={160} bg="gray.1" style={{ borderRadius: 8 }}>
        <Loader size="sm" aria-label="Loading the proof" />
      </Center>
    );
  }
  const frame = { border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, background: '#fff' };
  return (
    <Stack gap={4}>
      {isImage ? (
        <Box component="img" src={src} alt={label} maw="100%" mah={height} style={frame} />
      ) : (
        <Box component="iframe" src={`${src}#view=FitH`} title={label} w="100%" h={height} style={frame} />
      )}
      <Anchor href={url} target="_blank" rel="noreferrer" size="sm">
        Open the proof on its own
      </Anchor>
    </Stack>
  );
}

const stateText: Record<ProofState, string> = {
  waiting: 'Waiting for your decision',
  approved: 'Approved',
  changes_requested: 'Changes requested',
  superseded: 'Replaced by a newer version',
  expired: 'Link expired',
};

export const ProofStateBadge = ({ state }: { state: ProofState }) => (
  <Badge color={proofStateColour[state]} variant="light">
    {stateText[state]}
  </Badge>
);

type Decided = {
  state: ProofState;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
};

/** A proof that takes no decision any more: who decided what, or why it cannot be decided. */
export function ProofOutcome({ proof }: { proof: Decided }) {
  if (proof.state === 'superseded') {
    return (
      <Alert color="gray" title="A newer version was sent">
        This version was replaced. Open the latest proof you received to decide on it.
      </Alert>
    );
  }
  if (proof.state === 'expired') {
    return (
      <Alert color="gray" title="This link has expired">
        Ask your account manager to send the proof again.
      </Alert>
    );
  }
  const approved = proof.state === 'approved';
  return (
    <Alert color={approved ? 'green' : 'orange'} title={approved ? 'Proof approved' : 'Changes requested'}>
      <Text size="sm">
        {approved ? 'Approved' : 'Changes requested'} by {proof.decidedBy} on{' '}
        {proof.decidedAt ? new Date(proof.decidedAt).toLocaleString() : ''}.
      </Text>
      {proof.comment && <Text size="sm">“{proof.comment}”</Text>}
    </Alert>
  );
}

export type DecisionInput = { decision: ProofDecisionKind; name: string; comment: string | null };

/**
 * Approve, or request changes with a comment; with `askName`, signed with the name typed (the e-mailed
 * link has no account). The server's problem is shown under the form.
 */
export function DecideProofForm({
  askName,
  label,
  onDecide,
}: {
  askName: boolean;
  label: string;
  onDecide: (input: DecisionInput) => Promise<unknown>;
}) {
  const [name, setName] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<ProofDecisionKind | null>(null);
  const [errors, setErrors] = useState<{ name?: string; comment?: string; form?: string }>({});
  const decide = async (decision: ProofDecisionKind) => {
    const found = {
      name: askName && !name.trim() ? 'Type your name to sign the decision' : undefined,
      comment: decision === 'changes_requested' && !comment.trim() ? 'Say what should change' : undefined,
    };
    setErrors(found);
    if (found.name || found.comment) return;
    setBusy(decision);
    try {
      await onDecide({ decision, name: name.trim(), comment: comment.trim() || null });
    } catch (err) {
      setErrors({ form: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap="xs">
      {askName && (
        <TextInput
          label="Your name"
          description="Signs your decision"
          required
          maxLength={120}
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
      )}
      <Textarea
        label="Comment"
        description="Required when you ask for changes"
        autosize
        minRows={2}
        maxLength={2000}
        value={comment}
        error={errors.comment}
        onChange={(e) => setComment(e.currentTarget.value)}
      />
      {errors.form && (
        <Alert color="red" role="alert">
          {errors.form}
        </Alert>
      )}
      <Group>
        <Button
          color="green"
          onClick={() => decide('approved')}
          loading={busy === 'approved'}
          disabled={busy !== null}
          aria-label={`Approve ${label}`}
        >
          Approve
        </Button>
        <Button
          color="orange"
          variant="light"
          onClick={() => decide('changes_requested')}
          loading={busy === 'changes_requested'}
          disabled={busy !== null}
          aria-label={`Request changes to ${label}`}
        >
          Request changes
        </Button>
      </Group>
    </Stack>
  );
}
