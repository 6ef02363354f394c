import { useState } from 'react';
import { Anchor, Button, Checkbox, Group, Select, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { reportError, saved } from '../../app/feedback';
import { ErrorBox, Loading } from '../../app/ui';
import { useActiveVendors, useOrderShortages, useShortages } from '../../data/purchasing';

/** Job needs nothing covers yet: tick them and draft one purchase order. */
export function ShortagesTab() {
  const navigate = useNavigate();
  const shortages = useShortages();
  const vendors = useActiveVendors();
  const orderShortages = useOrderShortages();
  const [chosen, setChosen] = useState<string[]>([]);
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (shortages.error) return <ErrorBox error={shortages.error} />;
  if (!shortages.data) return <Loading />;
  const rows = shortages.data.items;
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const order = async () => {
    setBusy(true);
    try {
      const po = await orderShortages.mutateAsync({
        jobMaterialIds: chosen,
        ...(vendorId ? { vendorId } : {}),
      });
      saved(`${po.number} drafted for ${po.vendor.name}`);
      navigate(`/purchasing/orders/${po.id}`);
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  if (!rows.length)
    return <Text c="dimmed">Nothing is short: stock and open orders cover every open job.</Text>;
  return (
    <>
      <Group mb="sm" align="flex-end">
        <Select
          label="Vendor"
          placeholder="The materials' preferred vendor"
          clearable
          searchable
          w={260}
          value={vendorId}
          onChange={setVendorId}
          data={(vendors.data?.items ?? []).map((v) => ({ value: v.id, label: v.name }))}
        />
        <Button onClick={order} loading={busy} disabled={!chosen.length}>
          Order {chosen.length || ''} selected
        </Button>
      </Group>
      <Table aria-label="Shortages" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox
                aria-label="Select all"
                checked={chosen.length === rows.length}
                indeterminate={chosen.length > 0 && chosen.length < rows.length}
                onChange={() =>
                  setChosen(chosen.length === rows.length ? [] : rows.map((r) => r.jobMaterialId))
                }
              />
            </Table.Th>
            <Table.Th>Material</Table.Th>
            <Table.Th ta="right">Short</Table.Th>
            <Table.Th>Job</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>Preferred vendor</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((s) => (
            <Table.Tr key={s.jobMaterialId}>
              <Table.Td>
                <Checkbox
                  aria-label={`Order ${s.material.sku} for ${s.job.number}`}
                  checked={chosen.includes(s.jobMaterialId)}
                  onChange={() => toggle(s.jobMaterialId)}
                />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/purchasing/materials/${s.material.id}`} size="sm">
                  {s.material.sku}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {s.material.name}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                {s.shortage.toLocaleString()} {s.material.unit}
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/jobs/${s.job.id}`} size="sm">
                  {s.job.number}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {s.job.title}
                </Text>
              </Table.Td>
              <Table.Td>{s.job.dueDate}</Table.Td>
              <Table.Td>{s.preferredVendor?.name ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
