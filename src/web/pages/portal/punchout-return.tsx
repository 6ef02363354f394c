import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { usePunchOutState } from '../../data/punchout';
import { usePortal, usePortalSession } from './portal-auth';

/** Whether this portal session was opened by a procurement system (its cart goes back there). */
export function useIsPunchOut(): boolean {
  const { slug } = usePortal();
  return usePunchOutState(slug).data?.active ?? false;
}

/**
 * In a punch-out session the cart is not checked out here: "Return to procurement" sends it back to the
 * procurement system as a requisition, where the client's own approval makes the order. A plain form post
 * (with the session's CSRF token): the server answers the page that posts the cart to the procurement
 * system, which this page's security policy would not let it do itself.
 */
export function ReturnToProcurement({ disabled }: { disabled?: boolean }) {
  const { slug } = usePortal();
  const session = usePortalSession();
  return (
    <form method="post" action="/api/v1/punchout/return">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="csrf" value={session.csrfToken} />
      <Stack gap={4} align="flex-end">
        <Button type="submit" leftSection={<IconArrowBackUp size={16} />} disabled={disabled}>
          Return to procurement
        </Button>
        <Text size="xs" c="dimmed">
          Your procurement system approves and places the order.
        </Text>
      </Stack>
    </form>
  );
}

/** Shown above the cart in a punch-out session. */
export function PunchOutNotice() {
  return (
    <Alert color="blue" title="Shopping from your procurement system">
      Fill the cart, then return it to your procurement system: the order is placed there.
    </Alert>
  );
}
