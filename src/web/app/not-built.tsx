import { Alert, Stack, Title } from '@mantine/core';

export type Domain = { path: string; label: string; what: string };

/** Domains of PRODUCT.md that are not built yet: their pages say so plainly, with no fake data. */
export const domains: Domain[] = [
  { path: '/purchasing', label: 'Purchasing', what: 'Materials, vendors, purchase orders and receiving.' },
  { path: '/shipping', label: 'Shipping', what: 'Shipments, packing slips, carriers and tracking.' },
  {
    path: '/inbox',
    label: 'Inbox',
    what: 'One inbox for client e-mail, calls and meetings, threaded to accounts and jobs.',
  },
  {
    path: '/escalations',
    label: 'Escalations',
    what: 'Escalations with severity, owner, due-by and automatic escalation.',
  },
  {
    path: '/portals',
    label: 'Portals',
    what: 'Branded client ordering portals with products, inventory and approvals.',
  },
  {
    path: '/mailing',
    label: 'Mailing',
    what: 'Mailing lists: import, USPS standardisation, merge/purge, presort and IMb.',
  },
  {
    path: '/reports',
    label: 'Reports',
    what: 'Production and client reports on screen, in Excel, Word, PDF and CSV, on a schedule.',
  },
];

export function NotBuilt({ domain }: { domain: Domain }) {
  return (
    <Stack maw={640}>
      <Title order={2}>{domain.label}</Title>
      <Alert color="gray" title={domain.path ? 'Not built yet' : 'Not found'}>
        {domain.path ? `This module is coming. ${domain.what}` : domain.what}
      </Alert>
    </Stack>
  );
}
