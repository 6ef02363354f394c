/** What an escalation event says: enough for a notification without another query. */
export type EscalationAssignedPayload = {
  escalationId: string;
  number: string;
  /** "ESC-…-… S2: title", as the owner sees it. */
  title: string;
  /** The (active) person who now holds it. */
  ownerId: string;
  /** Why they are told: "Escalated to you", "Escalated to Manager", "Still overdue", "Handed to you"… */
  why: string;
};

declare module '../../platform/events' {
  interface DomainEvents {
    /** An escalation was opened, raised or handed over to an active owner. */
    'escalation.assigned': EscalationAssignedPayload;
    /** An escalation was opened (by a person or the breach check). */
    'escalation.opened': {
      escalationId: string;
      number: string;
      title: string;
      ownerId: string | null;
      severity: string;
      category: string;
      automatic: boolean;
    };
    /** An escalation was resolved, with what caused it and what changed. */
    'escalation.resolved': {
      escalationId: string;
      number: string;
      title: string;
      rootCause: string;
      correctiveAction: string;
    };
  }
}
