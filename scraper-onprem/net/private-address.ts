import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { PrivateAddressError } from '../scrape-errors';

/**
 * Address ranges a scraper of public sites has no business reaching: this machine, its LAN, cloud metadata
 * (169.254.169.254), carrier NAT, documentation, multicast and reserved blocks. IPv4-mapped IPv6 addresses
 * (::ffff:127.0.0.1) match their IPv4 range; NAT64 (64:ff9b::/96) is judged by the IPv4 address it embeds.
 */
const RANGES: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', '"this network"'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'ipv4', 'documentation'],
  ['192.88.99.0', 24, 'ipv4', '6to4 relay'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['198.51.100.0', 24, 'ipv4', 'documentation'],
  ['203.0.113.0', 24, 'ipv4', 'documentation'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['100::', 64, 'ipv6', 'discard-only'],
  ['2001:db8::', 32, 'ipv6', 'documentation'],
  ['fc00::', 7, 'ipv6', 'unique local'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const lists = RANGES.map(([network, prefix, family, label]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, label };
});

const nat64 = new BlockList();
nat64.addSubnet('64:ff9b::', 96, 'ipv6');

function nat64Embedded(address: string): string | null {
  if (!nat64.check(address, 'ipv6')) return null;
  // The last 32 bits are the IPv4 address: 64:ff9b::7f00:1 or 64:ff9b::127.0.0.1.
  const tail = address.slice(address.lastIndexOf(':') + 1);
  if (isIP(tail) === 4) return tail;
  const groups = address.split(':');
  const high = parseInt(groups[groups.length - 2] || '0', 16);
  const low = parseInt(groups[groups.length - 1] || '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** The name of the non-public range `address` falls in, or null for a public address (or not an IP at all). */
export function nonPublicRange(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return null;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { list, label } of lists) if (list.check(bare, type)) return label;
  const embedded = family === 6 ? nat64Embedded(bare) : null;
  return embedded ? nonPublicRange(embedded) : null;
}

/** Throws PrivateAddressError when one of `addresses` is not public: a host that answers with any is refused. */
export function assertPublicAddresses(host: string, addresses: readonly string[]): void {
  for (const address of addresses) {
    const range = nonPublicRange(address);
    if (range !== null) throw new PrivateAddressError(host, address, range);
  }
}

/** Resolves `hostname` (or takes it as an IP literal) to all its addresses. */
export async function resolveHost(hostname: string): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return [bare];
  return new Promise((resolve, reject) => {
    dnsLookup(bare, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map((entry) => entry.address));
    });
  });
}

/** Resolves a URL's host and throws PrivateAddressError when it reaches a non-public address. */
export async function assertPublicHost(hostname: string): Promise<void> {
  assertPublicAddresses(hostname, await resolveHost(hostname));
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s) that refuses non-public addresses at connect time: the address checked is the
 * address connected to, so a DNS answer that changes between a check and the connect (rebinding) cannot slip by.
 * (Node skips `lookup` for IP-literal hosts: check those with assertPublicHost before the request.)
 */
export function publicOnlyLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    try {
      assertPublicAddresses(hostname, addresses.map((entry) => entry.address));
    } catch (refused) {
      return callback(refused as NodeJS.ErrnoException, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
