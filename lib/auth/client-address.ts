import { BlockList, isIP } from "node:net";

/**
 * The client's address for per-address limits and the audit log.
 *
 * `X-Forwarded-For` is read from the right: each proxy appends the address it got the request
 * from, so entries written by our own trusted proxies (`COGNATE_TRUSTED_PROXIES`) are skipped and
 * the first other one is the client; anything left of it was written by the client and is ignored.
 * `npm start` runs the web server with `workers/forwarded-for-preload.mjs`, which appends the
 * socket's address to the header before Next.js sees it, so the last entry is always the real peer.
 * With no trusted proxies (the default) that peer is the client, whatever header it sent.
 */
export function clientAddress(request: Request, trustedProxies: readonly string[] = []): string {
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => normalizeAddress(s.trim()))
    .filter(Boolean);
  if (!entries.length) return "local";
  const trusted = proxyMatcher(trustedProxies);
  for (let i = entries.length - 1; i > 0; i--) {
    if (!trusted(entries[i])) return entries[i].slice(0, 100);
  }
  // Every hop was a trusted proxy: the leftmost is the furthest address known.
  return entries[0].slice(0, 100);
}

/** `::ffff:10.0.0.1` (IPv4 on an IPv6 socket) → `10.0.0.1`, so one client has one address. */
function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/**
 * Checks a `COGNATE_TRUSTED_PROXIES` list (addresses or CIDR ranges, IPv4 or IPv6); throws an
 * error that names the bad entry, so a typo is found at start rather than trusting nobody.
 */
export function parseTrustedProxies(raw: string | undefined): string[] {
  const entries = (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split("/");
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const badBits = bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (!family || badBits || extra !== undefined) {
      throw new Error(
        `COGNATE_TRUSTED_PROXIES: "${entry}" is not an address or CIDR range; give the addresses of your reverse proxies, e.g. 127.0.0.1,10.0.0.0/8,::1`,
      );
    }
  }
  return entries;
}

const matchers = new WeakMap<readonly string[], (address: string) => boolean>();

function proxyMatcher(trustedProxies: readonly string[]): (address: string) => boolean {
  if (!trustedProxies.length) return () => false;
  let match = matchers.get(trustedProxies);
  if (!match) {
    const list = new BlockList();
    for (const entry of trustedProxies) {
      const [address, bits] = entry.split("/");
      const type = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) list.addAddress(normalizeAddress(address), type);
      else list.addSubnet(address, Number(bits), type);
    }
    match = (address) => {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
    };
    matchers.set(trustedProxies, match);
  }
  return match;
}
