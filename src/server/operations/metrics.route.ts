import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { ErrorCode } from '../../common/errors';
import type { Logger } from '../../logger';
import type { HubMetrics } from './metrics';

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const digest = (text: string) => createHash('sha256').update(text).digest();

function bearerOf(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

function refuse(res: Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * `GET /metrics` in Prometheus's text format. The figures hold no personal data, but they tell
 * anyone how busy the hub is, which operations fail, how deep each queue is and when it runs out
 * of connections: enough to time an attack or read the bureau's workload, and each scrape costs a
 * read of the outbox. So /metrics is not on the public path: with HUB_METRICS_TOKEN set, a scraper
 * sends it as a bearer token (from anywhere); without it, only this machine may ask (a sidecar,
 * a scraper on the host). A reverse proxy on this machine makes every request look local: set the
 * token there, or do not route /metrics through it.
 */
export function metricsRoute(metrics: HubMetrics, token: string | undefined, log: Logger) {
  const expected = token ? digest(token) : null;
  return async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    if (expected) {
      const bearer = bearerOf(req);
      // Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first differing character.
      if (!bearer || !timingSafeEqual(digest(bearer), expected)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        return refuse(res, 401, ErrorCode.UNAUTHENTICATED, 'metrics need the bearer token set in HUB_METRICS_TOKEN');
      }
    } else if (!LOOPBACK_ADDRESS.test(req.socket.remoteAddress ?? '')) {
      return refuse(res, 403, ErrorCode.FORBIDDEN, 'metrics are served to this machine only unless HUB_METRICS_TOKEN is set');
    }
    try {
      const text = await metrics.registry.metrics();
      res.setHeader('content-type', metrics.registry.contentType);
      res.send(text);
    } catch (error) {
      log.error({ err: error }, 'metrics could not be collected');
      refuse(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'metrics could not be collected');
    }
  };
}
