import type { FastifyInstance } from 'fastify';
import type { HttpMetrics } from './metrics.ts';

export interface OpsDeps {
  metrics: HttpMetrics;
  /** True when the store answers. */
  ready: () => Promise<boolean>;
}

/** Liveness, readiness and Prometheus metrics. */
export function registerOpsRoutes(app: FastifyInstance, { metrics, ready }: OpsDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ok = await ready().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'unavailable' });
  });
  app.get('/metrics', async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
