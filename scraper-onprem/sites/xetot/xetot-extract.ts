import { XETOT_SELECTORS } from './xetot-selectors';

/** What the listing-page script reads from the DOM. */
export interface XetotListExtract {
  missing: string[];
  empty: boolean;
  links: string[];
  next: string | null;
}

/** What the detail-page script reads from the DOM: raw texts, no interpretation (that is mapXetotDetail's job). */
export interface XetotDetailExtract {
  missing: string[];
  listingId: string | null;
  title: string | null;
  price: string | null;
  make: string | null;
  model: string | null;
  year: string | null;
  mileage: string | null;
  district: string | null;
  province: string | null;
  posted: string | null;
  sellerName: string | null;
  sellerAds: string | null;
  phones: string[];
}

// The scripts are plain JavaScript source, not serialised functions: transpilers (SWC in tests, esbuild/tsx at
// run time) inject helpers into functions that would not exist inside the page.
const helpers = `
  const clean = (value) => (value == null ? null : String(value).replace(/\\s+/g, ' ').trim() || null);
  const one = (selector, root) => (root || document).querySelector(selector);
  const textOf = (selector, root) => { const node = one(selector, root); return node ? clean(node.textContent) : null; };
`;

/** Browser-side expression returning a XetotListExtract. */
export const xetotListScript = `(() => {
  ${helpers}
  const S = ${JSON.stringify(XETOT_SELECTORS.list)};
  const required = ${JSON.stringify(XETOT_SELECTORS.requiredList)};
  const missing = required.filter((name) => !one(S[name]));
  const empty = Boolean(one(S.empty));
  const cards = Array.from(document.querySelectorAll(S.card));
  const links = [];
  for (const card of cards) {
    const link = one(S.cardLink, card);
    const href = link && link.getAttribute('href');
    if (href) links.push(new URL(href, location.href).href);
  }
  if (!missing.length && !empty && links.length === 0) missing.push(cards.length ? 'cardLink' : 'card');
  const next = one(S.next);
  return { missing, empty, links, next: next && next.getAttribute('href') ? new URL(next.getAttribute('href'), location.href).href : null };
})()`;

/** Browser-side expression returning a XetotDetailExtract. */
export const xetotDetailScript = `(() => {
  ${helpers}
  const S = ${JSON.stringify(XETOT_SELECTORS.detail)};
  const required = ${JSON.stringify(XETOT_SELECTORS.requiredDetail)};
  const missing = required.filter((name) => !one(S[name]));
  const root = one(S.root);
  const posted = one(S.posted);
  const phones = Array.from(document.querySelectorAll(S.phone))
    .map((node) => clean(node.getAttribute('data-phone')))
    .filter((value) => value);
  return {
    missing,
    listingId: root ? clean(root.getAttribute('data-listing-id')) : null,
    title: textOf(S.title),
    price: textOf(S.price),
    make: textOf(S.make),
    model: textOf(S.model),
    year: textOf(S.year),
    mileage: textOf(S.mileage),
    district: textOf(S.district),
    province: textOf(S.province),
    posted: posted ? clean(posted.getAttribute('datetime')) || clean(posted.textContent) : null,
    sellerName: textOf(S.sellerName),
    sellerAds: textOf(S.sellerAds),
    phones: Array.from(new Set(phones)),
  };
})()`;
