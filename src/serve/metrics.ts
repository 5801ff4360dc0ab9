import Counter from 'prom-client/lib/counter.js';
import Gauge from 'prom-client/lib/gauge.js';
import Histogram from 'prom-client/lib/histogram.js';
import Registry from 'prom-client/lib/registry.js';
import type { HttpClient } from '../core/http.js';
import { hostOf } from '../core/http.js';
import { Limiters, type LimiterDeps } from '../core/limiter.js';
import { EXPORTER_METRICS as E, renderFamilies, taskFamilies, type TaskSample } from '../render/openmetrics.js';

const REQUEST_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const POLL_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Request outcome by HTTP status; an exception (refused, reset, timeout) is a network error. */
function outcomeOf(status: number): string {
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'ok';
}

/**
 * The exporter's registry (prom-client): its own health (requests, throttling, polls); and the task
 * series, written from the task states once per change.
 */
export class ServeMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: E.requests.name, help: E.requests.help, labelNames: ['provider', 'outcome'], registers: [this.registry] });
  readonly requestDuration = new Histogram({ name: E.requestDuration.name, help: E.requestDuration.help, labelNames: ['provider'], buckets: REQUEST_BUCKETS, registers: [this.registry] });
  readonly throttled = new Counter({ name: E.throttled.name, help: E.throttled.help, labelNames: ['provider'], registers: [this.registry] });
  readonly pollDuration = new Histogram({ name: E.pollDuration.name, help: E.pollDuration.help, buckets: POLL_BUCKETS, registers: [this.registry] });
  readonly lastSuccess = new Gauge({ name: E.lastSuccess.name, help: E.lastSuccess.help, registers: [this.registry] });
  readonly tasks = new Gauge({ name: E.tasks.name, help: E.tasks.help, labelNames: ['provider'], registers: [this.registry] });
  /** Which provider each API host belongs to (learned from requests): a throttled answer is counted by it. */
  private readonly hostProvider = new Map<string, string>();
  /** The task series' text, made once per change (a poll, a reload), not per scrape. */
  private taskText = '';

  constructor(private readonly samples: () => TaskSample[]) {}

  /** The task states changed (a poll, a reload): their text is written now, not by a scrape. */
  changed(): void {
    this.taskText = renderFamilies(taskFamilies(this.samples()), 'prometheus');
  }

  /**
   * The exposition (Prometheus text format 0.0.4): the task series, written by syncstat's own writer
   * once per poll (through prom-client's gauges, with its per-series label checks and hashing, a scrape
   * of 1,000 tasks took 0.3 s), then the exporter's own metrics from prom-client.
   */
  async text(): Promise<string> {
    const own = await this.registry.metrics();
    return this.taskText ? `${this.taskText}\n${own}` : own;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The run's HTTP client, counting each request's outcome and duration for `provider`. */
  observeHttp(http: HttpClient, provider: string): HttpClient {
    return {
      send: async (req, opts) => {
        this.hostProvider.set(hostOf(req.url), provider);
        const started = performance.now();
        let outcome = 'network_error';
        try {
          const res = await http.send(req, opts);
          outcome = outcomeOf(res.status);
          return res;
        } finally {
          this.requests.inc({ provider, outcome });
          this.requestDuration.observe({ provider }, (performance.now() - started) / 1000);
        }
      },
      // The shared client is closed once, by the run.
      close: async () => {},
    };
  }

  /** Per-host limiters (as every command has) whose throttled answers, vendor codes included, are counted. */
  limiters(max: number, deps: LimiterDeps): Limiters {
    return new Limiters(max, { ...deps, onThrottled: (host) => this.throttled.inc({ provider: this.hostProvider.get(host) ?? 'unknown' }) });
  }
}
