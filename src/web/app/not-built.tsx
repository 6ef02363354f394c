import { Alert, Stack, Title } from '@mantine/core';

export type Domain = { path: string; label: string; what: string };

/** Domains of PRODUCT.md that are not built yet: their pages say so plainly, with no fake data. */
export const domains: Domain[] = [];

/** A domain's page until its module exists: says so plainly and what the module will do. */
export function NotBuilt({ domain }: { domain: Domain }) {
  return (
    <Stack maw={640}>
      <Title order={2}>{domain.label}</Title>
      {domain.path ? (
        <Alert color="gray" title={`Not built yet — coming with the ${domain.label} module`}>
          {domain.what}
        </Alert>
      ) : (
        <Alert color="gray" title="Not found">
          {domain.what}
        </Alert>
      )}
    </Stack>
  );
}
