import { Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EscalationLevel } from '../../../shared/escalations';
import type { ResponseTargets } from '../../../shared/inbox';
import { api } from '../../app/api';
import { useUser } from '../../app/auth';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { ResponseTargetsForm } from '../inbox/response-targets-form';
import { EscalationLevelsForm } from './escalation-levels-form';

/** Admin → Targets and escalation: response targets (admins and managers) and the escalation path (admins). */
export function EscalationSettingsPage() {
  const user = useUser();
  const targets = useQuery({
    queryKey: ['response-targets'],
    queryFn: () => api.get<z.infer<typeof ResponseTargets>>('/response-targets'),
  });
  const levels = useQuery({
    queryKey: ['escalation-levels'],
    queryFn: () => api.get<{ items: EscalationLevel[] }>('/escalation-levels'),
  });
  const error = targets.error ?? levels.error;
  return (
    <>
      <PageHeader
        title="Targets and escalation"
        sub="How fast the shop answers clients, and who hears about it when it does not"
      />
      {error && <ErrorBox error={error} />}
      {!targets.data || !levels.data ? (
        !error && <Loading />
      ) : (
        <Stack>
          <ResponseTargetsForm
            targets={targets.data}
            editable={user.role === 'admin' || user.role === 'manager'}
          />
          <EscalationLevelsForm levels={levels.data.items} editable={user.role === 'admin'} />
        </Stack>
      )}
    </>
  );
}
