// Which hosts a media download may reach: public internet addresses only, unless the admin allows private ones. A
// link in an inbound MMS is chosen by whoever sent the webhook, so without this check n8n could be made to fetch its
// own network (cloud metadata at 169.254.169.254, an admin page on 10.x, a service on localhost) and post the answer
// into a ticket. Pure: no n8n import.

/** A range as its first address's 16-bit groups (IPv4: the two halves) and the prefix length in bits. */
type Range = readonly [groups: readonly number[], prefix: number];

/** IPv4 ranges that are not public internet (RFC 6890 special-purpose registry, plus multicast and reserved). */
const INTERNAL_V4: readonly Range[] = [
	v4Range('0.0.0.0', 8), // "this network"
	v4Range('10.0.0.0', 8), // private
	v4Range('100.64.0.0', 10), // carrier-grade NAT
	v4Range('127.0.0.0', 8), // loopback
	v4Range('169.254.0.0', 16), // link-local, cloud metadata services
	v4Range('172.16.0.0', 12), // private
	v4Range('192.0.0.0', 24), // IETF protocol assignments
	v4Range('192.0.2.0', 24), // documentation
	v4Range('192.88.99.0', 24), // 6to4 relay anycast
	v4Range('192.168.0.0', 16), // private
	v4Range('198.18.0.0', 15), // benchmarking
	v4Range('198.51.100.0', 24), // documentation
	v4Range('203.0.113.0', 24), // documentation
	v4Range('224.0.0.0', 4), // multicast
	v4Range('240.0.0.0', 4), // reserved, broadcast
];

/** IPv6 ranges that are not public internet. Ranges that embed an IPv4 address are judged by that address instead. */
const INTERNAL_V6: readonly Range[] = [
	[[0, 0, 0, 0, 0, 0, 0, 0], 128], // unspecified
	[[0, 0, 0, 0, 0, 0, 0, 1], 128], // loopback
	[[0x0100, 0, 0, 0], 64], // discard-only
	[[0x2001, 0], 32], // Teredo tunnels
	[[0x2001, 0x0010], 28], // ORCHID
	[[0x2001, 0x0db8], 32], // documentation
	[[0xfc00], 7], // unique local (private)
	[[0xfe80], 10], // link-local
	[[0xfec0], 10], // site-local (deprecated)
	[[0xff00], 8], // multicast
];

/** IPv6 prefixes followed by an IPv4 address in the last 32 bits (mapped, NAT64, the deprecated "compatible" form). */
const EMBEDDING_V6: readonly Range[] = [
	[[0, 0, 0, 0, 0, 0xffff], 96],
	[[0x0064, 0xff9b, 0, 0, 0, 0], 96],
	[[0, 0, 0, 0, 0, 0], 96],
];

/** Host names that never name a public server: localhost, mDNS, and the suffixes reserved for private networks. */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'intranet', 'home.arpa', 'localdomain', 'lan'];

/** The address's 16-bit groups: 2 for an IPv4 dotted quad, 8 for IPv6 (brackets and a zone id allowed); else undefined. */
export function parseAddress(text: string): number[] | undefined {
	const address = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
	return address.includes(':') ? parseV6(address) : parseV4(address);
}

function parseV4(text: string): number[] | undefined {
	const parts = text.split('.');
	if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
	const [a, b, c, d] = parts.map(Number);
	return [(a << 8) | b, (c << 8) | d];
}

function parseV6(text: string): number[] | undefined {
	const halves = text.split('::');
	if (halves.length > 2) return undefined;
	const groups = halves.map((half) => (half === '' ? [] : half.split(':').flatMap(v6Group)));
	if (groups.some((half) => half.some((group) => Number.isNaN(group)))) return undefined;
	const [head, tail = []] = groups;
	const missing = 8 - head.length - tail.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	return [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
}

/** One group, or two for a dotted quad at the end (::ffff:127.0.0.1); NaN marks a malformed group. */
function v6Group(part: string): number[] {
	if (part.includes('.')) return parseV4(part) ?? [Number.NaN];
	return /^[0-9a-f]{1,4}$/i.test(part) ? [parseInt(part, 16)] : [Number.NaN];
}

function v4Range(address: string, prefix: number): Range {
	return [parseV4(address)!, prefix];
}

function inRange(groups: readonly number[], [start, prefix]: Range): boolean {
	for (let bit = 0; bit < prefix; bit += 16) {
		const width = Math.min(16, prefix - bit);
		const mask = (0xffff << (16 - width)) & 0xffff;
		if (((groups[bit / 16] ?? 0) & mask) !== ((start[bit / 16] ?? 0) & mask)) return false;
	}
	return true;
}

/** Whether an IP address (IPv4 or IPv6 text) is private, loopback, link-local or otherwise not public internet. */
export function isInternalAddress(text: string): boolean {
	const groups = parseAddress(text);
	// Something that does not parse as an address is never trusted as a public one.
	if (!groups) return true;
	if (groups.length === 2) return INTERNAL_V4.some((range) => inRange(groups, range));
	if (INTERNAL_V6.some((range) => inRange(groups, range))) return true;
	// 6to4 (2002::/16) carries its IPv4 address in bits 16-48; the other embeddings in the last 32 bits.
	if (inRange(groups, [[0x2002], 16])) return INTERNAL_V4.some((range) => inRange(groups.slice(1, 3), range));
	if (EMBEDDING_V6.some((range) => inRange(groups, range))) return INTERNAL_V4.some((range) => inRange(groups.slice(6), range));
	return false;
}

/** Whether `host` (as `new URL()` gives it: lower case, IPv6 in brackets) is an IP address rather than a name. */
export function isAddressLiteral(host: string): boolean {
	return parseAddress(host) !== undefined;
}

/**
 * Whether a host name can only mean a machine on a private network: a single label ("intranet", "metadata") or a
 * name under localhost, .local, .internal and the like. Such names are refused without asking DNS.
 */
export function isInternalHostName(host: string): boolean {
	const name = host.replace(/\.$/, '');
	if (!name.includes('.')) return true;
	return INTERNAL_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}
