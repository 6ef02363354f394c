import { Stack } from '@mantine/core';
import { can } from '../../../shared/permissions';
import { useUser } from '../../app/auth';
import { useEscalationLevels } from '../../data/escalations';
import { useResponseTargets } from '../../data/inbox';
import { ErrorBox, Loading, PageHeader } from '../../app/ui';
import { ResponseTargetsForm } from '../inbox/response-targets-form';
import { EscalationLevelsForm } from './escalation-levels-form';

/** Admin → Targets and escalation: response targets (admins and managers) and the escalation path (admins). */
export function EscalationSettingsPage() {
  const user = useUser();
  const targets = useResponseTargets();
  const levels = useEscalationLevels();
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
          <ResponseTargetsForm targets={targets.data} editable={can(user.role, 'response-targets.edit')} />
          <EscalationLevelsForm
            levels={levels.data.items}
            editable={can(user.role, 'escalation.path.edit')}
          />
        </Stack>
      )}
    </>
  );
}
