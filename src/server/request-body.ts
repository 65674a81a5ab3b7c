/**
 * The body of a server action call, checked by the proxy before Next decodes it. Next's decoder
 * (React's decodeReply) throws on bad JSON, broken multipart, deep nesting and references to
 * parts that are not there, and Next answers each with a 500 before any code of ours runs; a body
 * over its 1 MB limit too. Here those are 400 or 413, and only what the panel's own client sends
 * gets through: JSON text, or multipart whose root part `0` (and any outlined part `1`, `2`, …) is
 * JSON, strings whose `$` tags are the few React writes for our arguments (`$$` an escaped dollar,
 * `$K` a FormData, `$undefined`, `$-0`, `$Infinity`, `$-Infinity`, `$NaN`), no deeper than MAX_DEPTH.
 * What the arguments mean is the action wrapper's business (src/server/action.ts).
 */

/** Next's own serverActions.bodySizeLimit default: 1 MB. */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;
/** Our deepest argument (a bulk decision) is 4 levels; React's decoder recurses, so depth is bounded well below the stack. */
const MAX_DEPTH = 32;
const ALLOWED_TAG = /^\$(\$|K[0-9a-f]+$|undefined$|u$|-0$|Infinity$|-Infinity$|NaN$)/;

export type BodyVerdict = { ok: true } | { ok: false; status: 400 | 413; error: string };

const refused = (status: 400 | 413, error: string): BodyVerdict => ({ ok: false, status, error });

/** Reads at most `limit` bytes; null when the body is longer (chunked bodies included: bytes are counted as read). */
export async function readBodyLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Bracket depth of JSON text, counted outside strings, without building anything. */
function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '[' || char === '{') {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (char === ']' || char === '}') {
      depth--;
    }
  }
  return deepest;
}

/** Whether every string in the value (keys aside) is plain or carries a tag React writes for our arguments. */
function onlyKnownTags(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (item.startsWith('$') && !ALLOWED_TAG.test(item)) return false;
    } else if (Array.isArray(item)) {
      for (const child of item as unknown[]) stack.push(child);
    } else if (item !== null && typeof item === 'object') {
      for (const child of Object.values(item as Record<string, unknown>)) stack.push(child);
    }
  }
  return true;
}

function checkJson(text: string): BodyVerdict {
  if (jsonDepth(text) > MAX_DEPTH) return refused(400, 'TOO_DEEP');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refused(400, 'INVALID_JSON');
  }
  return onlyKnownTags(value) ? { ok: true } : refused(400, 'UNSUPPORTED_VALUE');
}

/** Checks an action call's body (already read, at most MAX_ACTION_BODY_BYTES) as Next would decode it. */
export async function checkActionBody(bytes: Uint8Array<ArrayBuffer>, contentType: string | null): Promise<BodyVerdict> {
  if (contentType?.toLowerCase().startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return refused(400, 'INVALID_MULTIPART');
    }
    const root = form.get('0');
    if (typeof root !== 'string') return refused(400, 'MISSING_ARGUMENTS');
    for (const [key, value] of form.entries()) {
      if (!/^\d+$/.test(key)) continue;
      if (typeof value !== 'string') return refused(400, 'UNSUPPORTED_VALUE');
      const verdict = checkJson(value);
      if (!verdict.ok) return verdict;
    }
    return { ok: true };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refused(400, 'INVALID_TEXT');
  }
  return checkJson(text);
}
