import { metricsResponse } from '@/server/metrics/endpoint';
import { defineRoute } from '@/server/route';

/** Prometheus metrics for the whole deployment, behind METRICS_TOKEN (src/server/metrics/endpoint.ts). */
export const GET = defineRoute({ name: 'metrics', role: null }, ({ request }) => metricsResponse(request));

export const dynamic = 'force-dynamic';
