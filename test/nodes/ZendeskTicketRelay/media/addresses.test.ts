import { isAddressLiteral, isInternalAddress, isInternalHostName, parseAddress } from '../../../../nodes/ZendeskTicketRelay/media/addresses';

describe('isInternalAddress', () => {
	it.each([
		'127.0.0.1',
		'127.255.255.254',
		'10.0.0.1',
		'172.16.0.1',
		'172.31.255.255',
		'192.168.1.10',
		'169.254.169.254',
		'100.64.0.1',
		'0.0.0.0',
		'192.0.2.5',
		'198.18.0.1',
		'224.0.0.1',
		'255.255.255.255',
		'::',
		'::1',
		'[::1]',
		'fe80::1%eth0',
		'fd12:3456::1',
		'fc00::1',
		'ff02::1',
		'2001:db8::1',
		'::ffff:127.0.0.1',
		'::ffff:7f00:1',
		'::ffff:a9fe:a9fe',
		'64:ff9b::10.0.0.1',
		'2002:c0a8:0101::1',
		'::10.0.0.1',
	])('refuses %s', (address) => {
		expect(isInternalAddress(address)).toBe(true);
	});

	it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:0808:0808::1'])(
		'accepts the public address %s',
		(address) => {
			expect(isInternalAddress(address)).toBe(false);
		},
	);

	it('never trusts text that is not an address', () => {
		for (const text of ['', 'example.com', '1.2.3', '256.1.1.1', '1::2::3', 'gggg::1', '1:2:3:4:5:6:7:8:9']) {
			expect(isInternalAddress(text)).toBe(true);
		}
	});
});

describe('parseAddress', () => {
	it('reads IPv4 as two groups and IPv6 as eight, expanding :: and an embedded dotted quad', () => {
		expect(parseAddress('192.168.1.2')).toEqual([0xc0a8, 0x0102]);
		expect(parseAddress('[2001:db8::1]')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
		expect(parseAddress('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
		expect(parseAddress('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(parseAddress('1:2:3:4:5:6:7')).toBeUndefined();
	});
});

describe('isAddressLiteral and isInternalHostName', () => {
	it('tells addresses from names', () => {
		expect(isAddressLiteral('10.0.0.1')).toBe(true);
		expect(isAddressLiteral('[::1]')).toBe(true);
		expect(isAddressLiteral('cdn.example.com')).toBe(false);
	});

	it('refuses names that can only be internal, without asking DNS', () => {
		for (const name of ['localhost', 'localhost.', 'app.localhost', 'printer.local', 'metadata', 'db.internal', 'nas.home.arpa', 'box.lan']) {
			expect(isInternalHostName(name)).toBe(true);
		}
		for (const name of ['cdn.braze.com', 'media.example.org', 'local.example.com', 'internal-cdn.example.com']) {
			expect(isInternalHostName(name)).toBe(false);
		}
	});
});
