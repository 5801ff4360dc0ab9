import { SyncstatError } from '../core/errors.js';
import type { FleetService, Query } from '../core/provider.js';
import type { FleetCommand } from './commands/fleet.js';
import { entryError, type FleetTask } from './fleet-tasks.js';

/** One service's entries of a task list, with its query (loaded) and the query's options. */
export interface ServiceGroup {
  service: string;
  provider: string;
  fleet: FleetService;
  query: Query<unknown, unknown>;
  options: unknown;
  tasks: FleetTask[];
}

/**
 * Groups task-list entries by service, in the order the services first appear, loading each service's
 * query once and checking every entry's id with it: a bad id is an error naming the entry (its index
 * and key). `syncstat fleet` and `syncstat serve` share this, so both refuse and warn alike.
 */
export async function groupByService(
  tasks: readonly FleetTask[],
  commands: ReadonlyMap<string, FleetCommand>,
  list: { fromFile: boolean; where: string },
): Promise<{ groups: Map<string, ServiceGroup>; warnings: string[] }> {
  const groups = new Map<string, ServiceGroup>();
  const warnings: string[] = [];
  for (const task of tasks) {
    let group = groups.get(task.service);
    if (!group) {
      const command = commands.get(task.service)!;
      const code = await command.spec.load();
      if (!code.query) throw new Error(`fleet service ${task.service} has no query`);
      const query = code.query as Query<unknown, unknown>;
      group = { service: task.service, provider: command.provider, fleet: command.spec.fleet, query, options: query.options ? query.options({}) : undefined, tasks: [] };
      groups.set(task.service, group);
    }
    try {
      warnings.push(...group.query.check([task.id], group.options).map((w) => `tasks[${task.index}]: ${w}`));
    } catch (err) {
      if (err instanceof SyncstatError) throw entryError(task, group.fleet.key ?? 'id', err, list.fromFile, list.where);
      throw err;
    }
    group.tasks.push(task);
  }
  return { groups, warnings };
}
