import type { Result } from '../core/model.js';

// What the CI precheck renderers (junit, github) share: an item's grade under --fail-on, and the verdict rule.

/** How the precheck gate judges warnings (`--fail-on`). */
export interface PrecheckGateOptions {
  failOn: 'failure' | 'warning';
}

export interface PrecheckItem {
  id: string | null;
  name: string | null;
  description: string | null;
  status: string | null;
  message: string | null;
}

/** An item's grade: `fails` when it fails the gate (a warning does with --fail-on warning). */
export interface GradedItem extends PrecheckItem {
  grade: 'failure' | 'warning' | 'passed' | 'other';
  fails: boolean;
}

const ITEM_GRADE: Readonly<Record<string, GradedItem['grade']>> = { failure: 'failure', warning: 'warning', success: 'passed' };

export function gradeItems(r: Result, gate: PrecheckGateOptions): GradedItem[] {
  const items = Array.isArray(r.details.items) ? (r.details.items as PrecheckItem[]) : [];
  return items.map((item) => {
    const grade = (item.status !== null && Object.hasOwn(ITEM_GRADE, item.status) ? ITEM_GRADE[item.status] : undefined) ?? 'other';
    return { ...item, grade, fails: grade === 'failure' || (grade === 'warning' && gate.failOn === 'warning') };
  });
}

/** Whether the precheck's verdict fails the gate: the same rule as the exit code. */
export function verdictFails(r: Result, gate: PrecheckGateOptions): boolean {
  return r.phase === 'failed' || r.status === 'failure' || (gate.failOn === 'warning' && r.status === 'warning');
}

/** What a failing item says: its message, else its description, else its status. */
export function itemMessage(item: PrecheckItem): string {
  return item.message || item.description || `status ${item.status ?? 'unknown'}`;
}

/** The precheck gate as a failure rule: which verdicts fail the run, and one stderr line saying why. */
export function precheckFailureRule(gate: PrecheckGateOptions): { fails(r: Result): boolean; why(r: Result): string } {
  return {
    fails: (r) => verdictFails(r, gate),
    why(r) {
      const failing = gradeItems(r, gate).filter((i) => i.fails);
      const label = r.status === 'warning' ? 'failed on warnings (--fail-on warning)' : 'failed';
      const items = failing.map((i) => `${i.name ?? i.id ?? 'unnamed check'}: ${itemMessage(i)}`).join('; ');
      return `${r.id} precheck ${label}${failing.length ? `: ${failing.length} failing item${failing.length === 1 ? '' : 's'}: ${items}` : ` (verdict ${r.status ?? 'unknown'}${r.message ? `: ${r.message}` : ''})`}`;
    },
  };
}
