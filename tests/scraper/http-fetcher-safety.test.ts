import { gzipSync } from 'node:zlib';
import { HttpFetcher } from '../../scraper-onprem/engine/http-fetcher';
import { siteScope } from '../../scraper-onprem/engine/site-scope';
import { startTinySite, streamEndlessly, type TinySite } from './tiny-site';

describe('HttpFetcher stays on its site', () => {
  let site: TinySite;
  let elsewhere: TinySite;
  const fetchers: HttpFetcher[] = [];
  const fetcher = (options: Partial<ConstructorParameters<typeof HttpFetcher>[0]> & { base?: string } = {}): HttpFetcher => {
    const created = new HttpFetcher({ userAgent: 'test', scope: siteScope(options.base ?? site.origin, true), ...options });
    fetchers.push(created);
    return created;
  };
  beforeAll(async () => {
    elsewhere = await startTinySite((_request, response) => response.end('elsewhere'));
    site = await startTinySite((request, response) => {
      const path = request.url ?? '/';
      if (path === '/hop') {
        response.writeHead(302, { location: '/page' }).end();
      } else if (path === '/away') {
        response.writeHead(302, { location: `${elsewhere.origin}/page` }).end();
      } else if (path === '/loop') {
        response.writeHead(302, { location: '/loop' }).end();
      } else if (path === '/endless') {
        streamEndlessly(response, 'application/json');
      } else if (path === '/declared-big') {
        response.writeHead(200, { 'content-length': String(10 * 1024 * 1024), 'content-type': 'text/plain' });
        response.write('x');
      } else if (path === '/bomb') {
        // 64 MiB of zeros gzip to ~64 KiB: the cap counts the decoded bytes.
        response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
        response.end(gzipSync(Buffer.alloc(64 * 1024 * 1024)));
      } else if (path === '/robots.txt') {
        response.end(`User-agent: *\nDisallow: /a\n${'# filler\n'.repeat(200_000)}`);
      } else {
        response.end('page');
      }
    });
  });
  afterAll(async () => {
    await Promise.all(fetchers.map((created) => created.close()));
    await Promise.all([site.stop(), elsewhere.stop()]);
  });

  it('follows a redirect within the origin', async () => {
    // Act
    const response = await fetcher().fetch(`${site.origin}/hop`, { timeoutMs: 5_000 });
    // Assess
    expect(response).toMatchObject({ status: 200, text: 'page', url: `${site.origin}/page` });
  });

  it('refuses a redirect to another origin (another port of the same host) without fetching it', async () => {
    // Prepare
    const before = elsewhere.hits.length;
    // Act
    const error = await fetcher().fetch(`${site.origin}/away`, { timeoutMs: 5_000 }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toMatchObject({ name: 'OffsiteRedirectError', kind: 'offsite_redirect', retryable: false });
    expect(elsewhere.hits.length).toBe(before);
  });

  it('gives up after five redirects', async () => {
    // Act
    const error = await fetcher().fetch(`${site.origin}/loop`, { timeoutMs: 5_000 }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toMatchObject({ kind: 'network', message: expect.stringContaining('more than 5 redirects') });
  });

  it('stops reading an endless body at the cap and fails the request for good, long before its timeout', async () => {
    // Act
    const error = await fetcher({ maxBodyBytes: 256 * 1024 }).fetch(`${site.origin}/endless`, { timeoutMs: 60_000 }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', kind: 'response_too_large', retryable: false });
    expect((error as Error).message).toContain('larger than the 262144 byte cap');
  });

  it('refuses a body whose declared length is past the cap', async () => {
    // Act
    const error = await fetcher().fetch(`${site.origin}/declared-big`, { timeoutMs: 5_000 }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toMatchObject({ kind: 'response_too_large' });
  });

  it('counts decoded bytes, so a gzip bomb is stopped at the cap', async () => {
    // Act
    const error = await fetcher({ maxBodyBytes: 1024 * 1024 }).fetch(`${site.origin}/bomb`, { timeoutMs: 10_000 }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toMatchObject({ kind: 'response_too_large' });
  });

  it('keeps the first bytes of an oversized robots.txt when told to truncate', async () => {
    // Act
    const response = await fetcher({ maxBodyBytes: 512 * 1024, overLimit: 'truncate' }).fetch(`${site.origin}/robots.txt`, { timeoutMs: 5_000 });
    // Assess
    expect(response.status).toBe(200);
    expect(response.text.length).toBe(512 * 1024);
    expect(response.text.startsWith('User-agent: *\nDisallow: /a\n')).toBe(true);
  });
});

describe('HttpFetcher and private addresses', () => {
  let site: TinySite;
  beforeAll(async () => {
    site = await startTinySite((_request, response) => response.end('private page'));
  });
  afterAll(() => site.stop());

  it.each([
    ['an IP literal', (port: number) => `http://127.0.0.1:${port}/x`],
    ['a name that resolves to loopback', (port: number) => `http://localhost:${port}/x`],
  ])('refuses %s unless the private network is allowed, before connecting', async (_what, urlFor) => {
    // Prepare
    const url = urlFor(site.port);
    const refusing = new HttpFetcher({ userAgent: 'test', scope: siteScope(url, false) });
    const allowing = new HttpFetcher({ userAgent: 'test', scope: siteScope(url, true) });
    const before = site.hits.length;
    try {
      // Act
      const refused = await refusing.fetch(url, { timeoutMs: 5_000 }).catch((caught: unknown) => caught);
      const hitsWhileRefused = site.hits.length - before;
      const allowed = await allowing.fetch(url, { timeoutMs: 5_000 });
      // Assess
      expect(refused).toMatchObject({ name: 'PrivateAddressError', kind: 'private_address', retryable: false });
      expect((refused as Error).message).toMatch(/loopback.*--allow-private-network/);
      expect(hitsWhileRefused).toBe(0);
      expect(allowed.text).toBe('private page');
    } finally {
      await Promise.all([refusing.close(), allowing.close()]);
    }
  });
});
