import type { QueueEntry } from '../../../shared/jobs';
import type { Db } from '../../platform/db';
import { getDepartment } from '../departments';
import { presentStage } from './presenter';
import { findDepartmentQueue } from './repo';

/** A department's open stages (and those finished in the last day) with their jobs, by planned end. */
export async function departmentQueue(opts: { db: Db; departmentId: string }): Promise<QueueEntry[]> {
  const department = await getDepartment({ db: opts.db, id: opts.departmentId });
  const rows = await findDepartmentQueue(opts.db, department.id);
  const ref = { id: department.id, code: department.code, name: department.name };
  return rows.map((r) => ({
    stage: presentStage(r.stage, ref),
    job: {
      id: r.job.id,
      number: r.job.number,
      title: r.job.title,
      accountName: r.accountName,
      dueDate: r.job.dueDate,
      risk: r.job.risk,
      status: r.job.status,
      priority: r.job.priority,
    },
  }));
}
