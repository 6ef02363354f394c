import { Anchor, Table } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import type { JobSummary } from '../../../shared/jobs';
import { humanize, RiskBadge } from '../../app/ui';

/** Jobs as table rows that open the job; the account and AM columns where the list spans accounts. */
export function JobTable({ jobs, showAccount = true }: { jobs: JobSummary[]; showAccount?: boolean }) {
  const navigate = useNavigate();
  return (
    <Table highlightOnHover striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Job</Table.Th>
          <Table.Th>Title</Table.Th>
          {showAccount && <Table.Th>Account</Table.Th>}
          {showAccount && <Table.Th>AM</Table.Th>}
          <Table.Th>Status</Table.Th>
          <Table.Th>Due</Table.Th>
          <Table.Th>Risk</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {jobs.map((j) => (
          <Table.Tr key={j.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/jobs/${j.id}`)}>
            <Table.Td>
              <Anchor
                component={Link}
                to={`/jobs/${j.id}`}
                onClick={(e) => e.stopPropagation()}
                ff="monospace"
              >
                {j.number}
              </Anchor>
            </Table.Td>
            <Table.Td>{j.title}</Table.Td>
            {showAccount && <Table.Td>{j.account.name}</Table.Td>}
            {showAccount && <Table.Td>{j.owner?.name ?? '—'}</Table.Td>}
            <Table.Td>{humanize(j.status)}</Table.Td>
            <Table.Td>{j.dueDate}</Table.Td>
            <Table.Td>
              <RiskBadge risk={j.risk} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
