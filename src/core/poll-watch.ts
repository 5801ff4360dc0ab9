import { formatEta } from './duration.js';
import { EtaTracker, formatRate, type Eta } from './eta.js';
import { FreshnessTracker } from './freshness.js';
import type { Report, Result } from './model.js';
import { taskKey, type WaitDetails, type WaitPlan } from './wait.js';

/**
 * What the engine learns from polls over time: each row's lag freshness (details.lagStale) and a full
 * load's ETA (details.etaMs), and, when the deadline is finite, a notice (once per task) for a load
 * that at its rate cannot finish before it.
 */
export class PollWatcher {
  private readonly freshness: FreshnessTracker;
  private readonly eta = new EtaTracker();
  private readonly warned = new Set<string>();

  constructor(
    private readonly plan: WaitPlan,
    private readonly deadline: number,
  ) {
    this.freshness = new FreshnessTracker({ staleAfterMs: plan.staleAfterMs });
  }

  observe(report: Report, now: number): { report: Report; notices: string[] } {
    const notices: string[] = [];
    const results = report.results.map((r) => {
      const key = taskKey(r);
      const { stale } = this.freshness.observe(key, r, now);
      const eta = this.eta.observe(key, r, now);
      if (eta && now + eta.etaMs > this.deadline && !this.warned.has(key)) {
        this.warned.add(key);
        notices.push(lateLine(r, eta, this.deadline - now, this.plan.timeoutMs!));
      }
      if (!stale && !eta) return r;
      const extra: WaitDetails = { ...(stale ? { lagStale: true as const } : {}), ...(eta ? { etaMs: eta.etaMs } : {}) };
      return { ...r, details: { ...r.details, ...extra } };
    });
    return { report: { ...report, results }, notices };
  }
}

/** "orders: at 0.4%/min, 52% left needs ~2h10m, beyond --timeout 30m (24m left)". */
function lateLine(r: Result, eta: Eta, leftMs: number, timeoutMs: number): string {
  const tag = r.details.fleet as { name?: string } | undefined;
  const left = leftMs < timeoutMs - 1000 ? ` (${formatEta(leftMs)} left)` : '';
  return `${tag?.name ?? r.id}: at ${formatRate(eta.ratePctPerMin)}, ${Math.round(eta.leftPct)}% left needs ~${formatEta(eta.etaMs)}, beyond --timeout ${formatEta(timeoutMs)}${left}`;
}

