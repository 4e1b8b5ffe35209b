// What the router's own health checks say about each region (HAProxy's stats CSV).
import { serverStatuses } from './haproxy.js';

/** Each region's status as HAProxy's health checks see it; empty when the router is down. */
export async function routerStatuses(statsUrl: string): Promise<Record<string, string>> {
  try {
    const res = await fetch(`${statsUrl};csv`, { signal: AbortSignal.timeout(500) });
    return serverStatuses(await res.text());
  } catch {
    return {};
  }
}
