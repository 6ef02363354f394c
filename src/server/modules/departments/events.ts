/** A working calendar changed: open jobs planned on it must be planned again. */
export type CalendarChangedPayload = {
  /** The day that opened or closed (a holiday), or null when a department's hours or days changed. */
  date: string | null;
  /** The department whose hours or days changed, or null for a shop holiday. */
  departmentId: string | null;
  detail: string;
};

declare module '../../platform/events' {
  interface DomainEvents {
    'department.calendar_changed': CalendarChangedPayload;
  }
}
