import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The process's Prometheus metrics, in a registry of its own (no global state). */
export const createMetrics = (options: { projectionLag?: () => Promise<Record<string, number>> } = {}) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const commands = new Counter({
    name: 'commands_total',
    help: 'Commands handled over HTTP, by command and outcome (HTTP status class)',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  if (options.projectionLag) {
    const lag = options.projectionLag;
    new Gauge({
      name: 'projection_lag_events',
      help: 'Events in the log not yet applied by each projection (counted up to 10000)',
      labelNames: ['projection'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const [projection, events] of Object.entries(await lag())) this.set({ projection }, events);
      },
    });
  }

  /** Counts and times each request under its route pattern (not its ids, which would explode the labels). */
  const middleware: RequestHandler = (req, res, next) => {
    const stop = latency.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const labels = { method: req.method, route };
      stop(labels);
      requests.inc({ ...labels, status: String(res.statusCode) });
      const command = res.locals.command as string | undefined;
      if (command) commands.inc({ command, outcome: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };

  return { registry, middleware };
};

export type Metrics = ReturnType<typeof createMetrics>;
