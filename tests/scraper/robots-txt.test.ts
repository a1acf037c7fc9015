import { parseRobotsTxt } from '../../scraper-onprem/engine/robots-txt';

const text = `
# comments are ignored
User-agent: BadBot
Disallow: /

User-agent: *
Disallow: /tai-khoan/
Disallow: /*?sort=
Allow: /tai-khoan/dang-nhap$
Crawl-delay: 2

User-agent: xecu-scraper
User-agent: other-bot
Disallow: /private/
Allow: /private/open
`;

describe('robots.txt', () => {
  it('applies the * group when no group names our agent', () => {
    // Prepare
    const policy = parseRobotsTxt(text, 'somebot/1.0');
    // Act, Assess
    expect(policy.isAllowed('/toan-quoc/mua-ban-oto?page=2')).toBe(true);
    expect(policy.isAllowed('/tai-khoan/dang-tin')).toBe(false);
    expect(policy.isAllowed('/toan-quoc/mua-ban-oto?sort=price')).toBe(false);
    expect(policy.crawlDelayMs).toBe(2000);
  });

  it('lets the longest match win and Allow win a tie, honouring $', () => {
    // Prepare
    const policy = parseRobotsTxt(text, 'somebot');
    // Act, Assess
    expect(policy.isAllowed('/tai-khoan/dang-nhap')).toBe(true);
    expect(policy.isAllowed('/tai-khoan/dang-nhap/x')).toBe(false);
  });

  it('uses only the group that names our agent, ignoring the * group', () => {
    // Prepare
    const policy = parseRobotsTxt(text, 'Mozilla/5.0 (compatible; xecu-scraper/0.1)');
    // Act, Assess
    expect(policy.isAllowed('/tai-khoan/dang-tin')).toBe(true);
    expect(policy.isAllowed('/private/x')).toBe(false);
    expect(policy.isAllowed('/private/open')).toBe(true);
    expect(policy.crawlDelayMs).toBeNull();
  });

  it('allows everything for an empty file and always allows /robots.txt', () => {
    // Prepare
    const empty = parseRobotsTxt('', 'xecu-scraper');
    const closed = parseRobotsTxt('User-agent: *\nDisallow: /', 'xecu-scraper');
    // Act, Assess
    expect(empty.isAllowed('/anything')).toBe(true);
    expect(closed.isAllowed('/anything')).toBe(false);
    expect(closed.isAllowed('/robots.txt')).toBe(true);
  });
});
