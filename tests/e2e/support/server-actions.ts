import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';

/**
 * Calls server actions the way React's client does (multipart, `Next-Action` header), so tests can
 * check that the server refuses what the UI merely hides. Action ids come from the production
 * build's manifest.
 */
interface ManifestEntry {
  workers: Record<string, unknown>;
  filename: string;
  exportedName: string;
}

export interface ServerAction {
  id: string;
  file: string;
  name: string;
  /** A page route that serves the action (where the browser would post it). */
  route: string;
}

function routeOf(worker: string): string {
  const route = worker
    .replace(/^app/, '')
    .replace(/\/\([^)]+\)/g, '')
    .replace(/\/page$/, '')
    .replace(/\/route$/, '');
  return route === '' ? '/' : route;
}

export function serverActions(): ServerAction[] {
  const manifest = JSON.parse(readFileSync(path.resolve('.next/server/server-reference-manifest.json'), 'utf8')) as { node: Record<string, ManifestEntry> };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    file: entry.filename,
    name: entry.exportedName,
    route: routeOf(Object.keys(entry.workers).find((w) => w.endsWith('/page')) ?? Object.keys(entry.workers)[0]!),
  }));
}

export function serverAction(name: string): ServerAction {
  const found = serverActions().filter((a) => a.name === name);
  if (found.length !== 1) throw new Error(`expected one server action named ${name}, found ${found.length}`);
  return found[0]!;
}

/** Calls `action(prevState, formData)` (the useActionState shape) with these form fields. */
export async function callAction(
  request: APIRequestContext,
  action: ServerAction,
  fields: Record<string, string> = {},
  options: { origin?: string; baseURL: string },
) {
  // A FormData keeps the order: in a plain object the root "0", an integer-like key, would come
  // first, and React's decoder only collects a FormData's fields that come before it.
  const multipart = new FormData();
  for (const [key, value] of Object.entries(fields)) multipart.append(`_1_${key}`, value);
  multipart.append('0', JSON.stringify([null, '$K1']));
  const response = await request.post(`${options.baseURL}${action.route}`, {
    headers: { 'Next-Action': action.id, Accept: 'text/x-component', Origin: options.origin ?? options.baseURL },
    multipart,
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text(), headers: response.headers() };
}
