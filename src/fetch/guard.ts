/**
 * The private-network guard (server-side request forgery). Feed URLs come from config and OPML,
 * article links from feeds that anyone can write, so every address a request would connect to is
 * checked: only public unicast addresses pass, unless the host or a CIDR is explicitly allowed.
 */
import ipaddr from 'ipaddr.js';

/**
 * Compiled allow list. `hosts` holds host names and single IP addresses, matched against the URL's
 * host as written (case-insensitive, IPs normalised): allowing `127.0.0.1` lets `http://127.0.0.1:8080/`
 * through but not `http://localhost/` nor `http://[::ffff:127.0.0.1]/`, so a redirect or a DNS name
 * cannot reach the exempt address by another spelling. `ranges` holds CIDRs (`10.0.0.0/8`, also
 * `127.0.0.1/32`): any address in them passes, whether spelled in the URL or resolved from a name.
 */
export interface AllowList {
  hosts: Set<string>;
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** A host as compared against the allow list: lower case, brackets dropped, IPs in canonical form. */
function normalHost(host: string): string {
  const bare = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? ipaddr.parse(bare).toString() : bare;
}

export function compileAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const ranges: AllowList['ranges'] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase().replace(/^\[|\]$/g, '');
    if (!entry) continue;
    if (entry.includes('/') && ipaddr.isValidCIDR(entry)) ranges.push(ipaddr.parseCIDR(entry));
    else hosts.add(normalHost(entry));
  }
  return { hosts, ranges };
}

function unmap(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/**
 * ::a.b.c.d (::/96, IPv4-compatible, deprecated by RFC 4291): ipaddr.js calls it unicast, yet some
 * stacks route ::7f00:1 to 127.0.0.1. No public host uses it, so it is refused whatever the IPv4 part.
 */
function isIpv4Compatible(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0);
}

function inAllowedRange(address: ipaddr.IPv4 | ipaddr.IPv6, allow: AllowList): boolean {
  return allow.ranges.some(([base, bits]) => base.kind() === address.kind() && address.match(base, bits));
}

/**
 * Why an IP address may not be connected to, or null when it may. Everything but public unicast is
 * refused: loopback, private, link-local (cloud metadata 169.254.169.254), CGNAT, unique-local,
 * multicast, unspecified, reserved, and IPv4 hidden in IPv6 (mapped, 6to4, Teredo, NAT64).
 */
export function addressRefusal(ip: string, allow: AllowList): string | null {
  if (!ipaddr.isValid(ip)) return `not an IP address: ${ip}`;
  const address = unmap(ipaddr.parse(ip));
  if (inAllowedRange(address, allow)) return null;
  const range = isIpv4Compatible(address) ? 'ipv4Compatible' : address.range();
  return range === 'unicast' ? null : `${ip} is a ${range} address`;
}

/** Whether a host name is allowed outright (it is on the allow list). */
export function hostAllowed(host: string, allow: AllowList): boolean {
  return allow.hosts.has(normalHost(host));
}

/** The IP literal a URL host spells (WHATWG URL parsing already turns 0x7f.1 or 2130706433 into
 *  dotted IPv4), or null for a host name. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? bare : null;
}
