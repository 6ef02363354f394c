import { Text } from '@mantine/core';
import type { Address } from '../../../shared/accounts';
import type { ShipTo } from '../../../shared/jobs';

const oneLine = (a: Pick<Address, 'label' | 'line1' | 'city' | 'region' | 'postalCode'>) =>
  `${a.label ? `${a.label}: ` : ''}${a.line1}, ${a.city} ${a.region} ${a.postalCode}`;

/** The account's shipping addresses as options of a ship-to picker. */
export const shipToOptions = (addresses: Address[]) =>
  addresses.filter((a) => a.kind === 'shipping').map((a) => ({ value: a.id, label: oneLine(a) }));

/** Where the job ships, on one line (the job keeps its own copy of the address). */
export function ShipToLine({ shipTo }: { shipTo: ShipTo | null }) {
  return <Text size="sm">{shipTo ? `Ships to ${oneLine(shipTo)}` : 'No ship-to yet'}</Text>;
}
