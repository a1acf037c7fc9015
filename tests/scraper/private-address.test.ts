import { assertPublicHost, nonPublicRange, publicOnlyLookup } from '../../scraper-onprem/net/private-address';

describe('non-public address ranges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', '"this network"'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique local'],
    ['fc00::1', 'unique local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
  ])('%s is %s', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '172.32.0.1', '172.15.255.255', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    '%s is public',
    (address) => {
      expect(nonPublicRange(address)).toBeNull();
    },
  );

  it('refuses a host name that resolves to loopback', async () => {
    await expect(assertPublicHost('localhost')).rejects.toMatchObject({ name: 'PrivateAddressError', host: 'localhost', range: 'loopback' });
  });

  it('makes the connect-time lookup fail for a loopback name, in both callback shapes', async () => {
    // Act
    const one = await new Promise<unknown>((resolve) => publicOnlyLookup('localhost', {}, (error) => resolve(error)));
    const all = await new Promise<unknown>((resolve) => publicOnlyLookup('localhost', { all: true }, (error) => resolve(error)));
    // Assess
    expect(one).toMatchObject({ kind: 'private_address' });
    expect(all).toMatchObject({ kind: 'private_address' });
  });
});
