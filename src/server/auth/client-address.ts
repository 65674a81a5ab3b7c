import { BlockList, isIP } from 'node:net';
import { env, type TrustedProxies } from '@/server/config';

/**
 * The client's address, for sign-in throttling, the audit log and sessions. By default it is the
 * address of the socket the request came in on: scripts/serve.mjs (what `npm start` runs) writes it
 * into PEER_ADDRESS_HEADER, replacing anything a client sent under that name. X-Forwarded-For is
 * believed only with TRUSTED_PROXIES: as a hop count (the client is that many addresses from the
 * socket's), or as the proxies' addresses, walked from the socket leftwards past trusted hops. The
 * proxy (src/proxy.ts) resolves it once per request into CLIENT_ADDRESS_HEADER, again replacing any
 * client value, and everything else reads that.
 */

const PEER_ADDRESS_HEADER = 'x-refunds-peer-address';
export const CLIENT_ADDRESS_HEADER = 'x-refunds-client-address';

/** A forwarded chain longer than this is not from proxies of ours. */
const MAX_HOPS = 20;

/** `::ffff:10.0.0.1` is 10.0.0.1; anything that is not an IP address is null. */
function normalize(address: string | undefined): string | null {
  if (!address) return null;
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  const plain = mapped ? mapped[1]! : trimmed;
  return isIP(plain) ? plain.toLowerCase() : null;
}

const lists = new Map<string, BlockList>();

function trustedList(ranges: string[]): BlockList {
  const key = ranges.join(' ');
  let list = lists.get(key);
  if (!list) {
    list = new BlockList();
    for (const range of ranges) {
      const [address, bits] = range.split('/') as [string, string | undefined];
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    lists.set(key, list);
  }
  return list;
}

function isTrusted(address: string, ranges: string[]): boolean {
  return trustedList(ranges).check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client of a request from its socket address and X-Forwarded-For. Pure apart from the
 * BlockList cache, so every rule is unit-tested (tests/unit/client-address.test.ts).
 */
export function resolveClientAddress(peer: string | null, forwardedFor: string | null, trusted: TrustedProxies | undefined): string | null {
  const socket = normalize(peer ?? undefined);
  if (!socket) return null;
  if (!trusted) return socket;
  // Nearest first: the socket, then X-Forwarded-For from its right end (the hop the nearest proxy added).
  const chain: (string | null)[] = [
    socket,
    ...(forwardedFor ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .reverse()
      .slice(0, MAX_HOPS)
      .map(normalize),
  ];
  if ('hops' in trusted) {
    // Fewer entries than hops: the request did not come through every proxy; the farthest one known is used.
    for (let index = Math.min(trusted.hops, chain.length - 1); index >= 0; index--) {
      const address = chain[index];
      if (address) return address;
    }
    return socket;
  }
  let client = socket;
  for (let index = 0; index < chain.length; index++) {
    const address = chain[index];
    // A malformed entry ends the walk: the last trusted hop before it stands for the client.
    if (!address) return client;
    client = address;
    if (!isTrusted(address, trusted.ranges)) return address;
  }
  return client;
}

/** The address the proxy resolved for this request (null when the panel is not behind scripts/serve.mjs). */
export function clientAddress(headers: Headers): string | null {
  return normalize(headers.get(CLIENT_ADDRESS_HEADER) ?? undefined);
}

/** What the proxy puts in CLIENT_ADDRESS_HEADER. */
export function requestClientAddress(headers: Headers): string | null {
  return resolveClientAddress(headers.get(PEER_ADDRESS_HEADER), headers.get('x-forwarded-for'), env.TRUSTED_PROXIES);
}
