import { useState } from 'react';
import { Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { JobStatus } from '../../../shared/jobs';
import { useDepartments } from '../../data/departments';
import { useJobs } from '../../data/jobs';
import { JobTable } from './job-table';
import { SavedViews, type JobFilters } from './saved-views';
import { ErrorBox, humanize, LoadMore, Loading, PageHeader } from '../../app/ui';

export function JobListPage() {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q, 250);
  const [status, setStatus] = useState<string | null>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [risk, setRisk] = useState<string | null>(null);
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [dueFrom, setDueFrom] = useState('');
  const [dueTo, setDueTo] = useState('');
  useHotkeys([['n', () => navigate('/jobs/new')]]);
  const apply = (f: JobFilters) => {
    setQ(f.q);
    setStatus(f.status);
    setOwner(f.owner);
    setRisk(f.risk);
    setDepartmentId(f.departmentId);
  };
  const departments = useDepartments();
  // The selects only offer the values the schema accepts; the casts say so to the compiler.
  const list = useJobs({
    q: search,
    status: status as JobStatus | null,
    owner,
    risk: risk as 'on_track' | 'at_risk' | 'late' | null,
    departmentId,
    dueFrom,
    dueTo,
    limit: 50,
  });
  return (
    <>
      <PageHeader title="Jobs" sub="Soonest due first">
        <SavedViews filters={{ q, status, owner, risk, departmentId }} apply={apply} />
        <Button leftSection={<IconPlus size={16} />} component={Link} to="/jobs/new">
          New job
        </Button>
      </PageHeader>
      <Group mb="md" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Number or title"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <Select
          label="Status"
          placeholder="Any"
          clearable
          value={status}
          onChange={setStatus}
          data={JobStatus.options.map((s) => ({ value: s, label: humanize(s) }))}
          w={150}
        />
        <Select
          label="Account manager"
          placeholder="Anyone"
          clearable
          value={owner}
          onChange={setOwner}
          data={[{ value: 'me', label: 'My jobs' }]}
          w={160}
        />
        <Select
          label="Risk"
          placeholder="Any"
          clearable
          value={risk}
          onChange={setRisk}
          data={[
            { value: 'at_risk', label: 'At risk' },
            { value: 'late', label: 'Late' },
            { value: 'on_track', label: 'On track' },
          ]}
          w={130}
        />
        <Select
          label="In department"
          placeholder="Any"
          clearable
          value={departmentId}
          onChange={setDepartmentId}
          data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
          w={200}
        />
        <TextInput
          label="Due from"
          type="date"
          value={dueFrom}
          onChange={(e) => setDueFrom(e.currentTarget.value)}
          w={150}
        />
        <TextInput
          label="Due to"
          type="date"
          value={dueTo}
          onChange={(e) => setDueTo(e.currentTarget.value)}
          w={150}
        />
      </Group>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : list.loading ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <Text c="dimmed">No jobs match.</Text>
      ) : (
        <JobTable jobs={list.items} />
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
    </>
  );
}
