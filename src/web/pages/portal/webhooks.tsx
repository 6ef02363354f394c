import { Alert } from '@mantine/core';
import { WebhooksBase } from '../../data/webhooks';
import { WebhooksPage } from '../webhooks/webhooks-page';
import { usePortal } from './portal-auth';

/**
 * Portal → Webhooks (client admins): the client's own systems subscribed to their account's events — the
 * staff screen over the portal's routes, which only ever show and change this account's endpoints.
 */
export function PortalWebhooksPage() {
  const { session, slug } = usePortal();
  if (session?.user.role !== 'client_admin')
    return <Alert color="gray">Only a client admin manages webhooks.</Alert>;
  return (
    <WebhooksBase.Provider value={`/portal/${slug}`}>
      <WebhooksPage />
    </WebhooksBase.Provider>
  );
}
