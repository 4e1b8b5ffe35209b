// What the router's own health checks say about each region (HAProxy's stats CSV).
import { httpCall } from '../targets/http-call.js';
import { serverStatuses } from './haproxy.js';

/** Each region's status as HAProxy's health checks see it; empty when the router is down. */
export async function routerStatuses(statsUrl: string): Promise<Record<string, string>> {
  const res = await httpCall({ method: 'GET', url: `${statsUrl};csv`, timeoutMs: 500 }).catch(
    () => undefined,
  );
  return res?.kind === 'answer' ? serverStatuses(res.body) : {};
}
