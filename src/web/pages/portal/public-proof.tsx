import { useEffect } from 'react';
import { Center, Divider, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { proofTurnaround } from '../../../shared/proofs';
import { proofFileLinks, useDecideByLink, useLinkProof } from '../../data/client-proofs';
import { DecideProofForm, ProofFile, ProofOutcome, ProofStateBadge } from './proof-bits';

const day = (iso: string) => new Date(iso).toLocaleDateString();

/**
 * The page an e-mailed proof link opens (`/proof/{token}`, no sign-in): that proof version, and approve or
 * request changes signed with a typed name. Once decided it shows the decision, read-only.
 */
export function PublicProofPage() {
  const { token = '' } = useParams();
  const proof = useLinkProof(token);
  const decide = useDecideByLink(token);
  useEffect(() => {
    document.title = proof.data ? `Proof ${proof.data.jobNumber}` : 'Proof';
  }, [proof.data]);

  if (proof.isLoading) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading the proof" />
      </Center>
    );
  }
  if (!proof.data) {
    return (
      <Center h="100vh" bg="gray.0" p="md">
        <Paper withBorder p="xl" maw={460}>
          <Stack>
            <Title order={3}>This proof link cannot be opened</Title>
            <Text size="sm">
              {proof.error instanceof Error ? proof.error.message : 'Try again in a moment.'}
            </Text>
            <Text c="dimmed" size="sm">
              Links work for a limited time. Ask your account manager to send the proof again.
            </Text>
          </Stack>
        </Paper>
      </Center>
    );
  }
  const p = proof.data;
  const label = `${p.file.name} version ${p.file.version}`;
  return (
    <Center bg="gray.0" mih="100vh" p="md">
      <Paper withBorder p="lg" w="100%" maw={900}>
        <Stack>
          <div>
            <Text c="dimmed" size="sm">
              Proof for {p.accountName}
            </Text>
            <Title order={2}>
              {p.jobNumber} · {p.itemTitle}
            </Title>
            <Group gap="xs" mt={4}>
              <ProofStateBadge state={p.state} />
              <Text size="sm">
                {p.file.name}, version {p.file.version} · sent {day(p.sentAt)}
                {p.state === 'waiting' ? ` · this link works until ${day(p.expiresAt)}` : ''}
              </Text>
            </Group>
            {p.decidedAt && (
              <Text size="xs" c="dimmed">
                {proofTurnaround(p, new Date().toISOString())}
              </Text>
            )}
          </div>
          <ProofFile url={proofFileLinks.byToken(token)} label={`Proof ${label}`} />
          <Divider />
          {p.state === 'waiting' ? (
            <>
              <Title order={4}>Your decision on {label}</Title>
              <DecideProofForm askName label={label} onDecide={(input) => decide.mutateAsync(input)} />
            </>
          ) : (
            <ProofOutcome proof={p} />
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
