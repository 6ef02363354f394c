import { useState } from 'react';
import { Button, Group, Select } from '@mantine/core';

export type JobFilters = {
  q: string;
  status: string | null;
  owner: string | null;
  risk: string | null;
  departmentId: string | null;
};
type View = { name: string; filters: JobFilters };
const KEY = 'jobjacket.jobViews';

const load = (): View[] => {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as View[];
  } catch {
    return [];
  }
};

/** Named filter sets for the job list, kept in this browser. */
export function SavedViews({ filters, apply }: { filters: JobFilters; apply(f: JobFilters): void }) {
  const [views, setViews] = useState<View[]>(load);
  const store = (next: View[]) => {
    setViews(next);
    localStorage.setItem(KEY, JSON.stringify(next));
  };
  const save = () => {
    const name = window.prompt('Name this view', '')?.trim();
    if (name) store([...views.filter((v) => v.name !== name), { name, filters }]);
  };
  return (
    <Group gap="xs" align="flex-end">
      <Select
        label="Saved views"
        placeholder={views.length ? 'Choose a view' : 'None saved yet'}
        data={views.map((v) => v.name)}
        value={null}
        onChange={(name) => {
          const view = views.find((v) => v.name === name);
          if (view) apply(view.filters);
        }}
        w={180}
      />
      <Button variant="default" onClick={save}>
        Save view
      </Button>
      {views.length > 0 && (
        <Button variant="subtle" color="gray" onClick={() => store([])}>
          Clear views
        </Button>
      )}
    </Group>
  );
}
