import { useState } from 'react';
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { proofTurnaround, type PortalProof } from '../../../shared/proofs';
import { saved } from '../../app/feedback';
import { ErrorBox, Loading } from '../../app/ui';
import { proofFileLinks, useDecidePortalProof, usePortalProofs } from '../../data/client-proofs';
import { usePortal, usePortalSession } from './portal-auth';
import { DecideProofForm, ProofFile, ProofOutcome, ProofStateBadge } from './proof-bits';

/** Buyers, approvers and client admins decide on proofs; viewers look. */
const mayDecide = (role: string) => role !== 'viewer';

function ProofCard({ proof, now }: { proof: PortalProof; now: string }) {
  const { slug } = usePortal();
  const session = usePortalSession();
  const decide = useDecidePortalProof(slug);
  const [shown, setShown] = useState(false);
  const label = `${proof.file.name} version ${proof.file.version}`;
  return (
    <Card withBorder component="section" aria-label={`Proof ${proof.jobNumber} ${proof.itemTitle}`}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={600}>
            {proof.jobNumber} · {proof.jobTitle}
          </Text>
          <Text size="sm">{proof.itemTitle}</Text>
          <Text size="sm" c="dimmed">
            {label} · sent {new Date(proof.sentAt).toLocaleDateString()}
          </Text>
        </div>
        <Stack gap={2} align="flex-end">
          <ProofStateBadge state={proof.state} />
          <Text size="xs" c="dimmed">
            {proofTurnaround(proof, now, 'you')}
          </Text>
        </Stack>
      </Group>
      <Button
        variant="subtle"
        size="compact-sm"
        mt="xs"
        onClick={() => setShown((s) => !s)}
        aria-expanded={shown}
      >
        {shown ? 'Hide the proof' : 'Show the proof'}
      </Button>
      {shown && (
        <ProofFile url={proofFileLinks.inPortal(slug, proof.id)} label={`Proof ${label}`} height={440} />
      )}
      <Stack mt="sm">
        {proof.state !== 'waiting' ? (
          <ProofOutcome proof={proof} />
        ) : mayDecide(session.user.role) ? (
          <DecideProofForm
            askName={false}
            label={label}
            onDecide={async ({ decision, comment }) => {
              const decided = await decide.mutateAsync({ id: proof.id, decision, comment });
              saved(`${label} ${decided.state === 'approved' ? 'approved' : ': changes requested'}`);
            }}
          />
        ) : (
          <Text size="sm" c="dimmed">
            Waiting for a buyer, an approver or a client admin to decide.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** The account's proofs: those waiting for a decision first, then the ones decided lately. */
export function ProofsPage() {
  const { slug } = usePortal();
  const list = usePortalProofs(slug);
  const now = new Date().toISOString();
  const items = list.data?.items ?? [];
  return (
    <Stack maw={900}>
      <Title order={2}>Proofs</Title>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.isLoading ? (
        <Loading />
      ) : !items.length ? (
        <Text c="dimmed">No proofs are waiting for you.</Text>
      ) : (
        items.map((p) => <ProofCard key={p.id} proof={p} now={now} />)
      )}
    </Stack>
  );
}
