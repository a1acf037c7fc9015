/**
 * Every CSS selector the xetot adapter relies on, in one place: when the site changes its markup, this file (and
 * only this file) changes. `required` lists the fields without which a page counts as "markup changed".
 */
export const XETOT_SELECTORS = {
  list: {
    container: 'main#listings',
    card: 'article.listing-card',
    cardLink: 'a.listing-card__link',
    next: 'nav.pagination a[rel="next"]',
    /** An honest "no results" page, so an empty page is not mistaken for changed markup. */
    empty: '.listings-empty',
  },
  detail: {
    root: 'div.ad-detail',
    title: 'h1.ad-title',
    price: '.ad-price',
    make: 'li[data-spec="brand"] .ad-spec__value',
    model: 'li[data-spec="model"] .ad-spec__value',
    year: 'li[data-spec="year"] .ad-spec__value',
    mileage: 'li[data-spec="mileage"] .ad-spec__value',
    district: '.ad-location__district',
    province: '.ad-location__province',
    posted: 'time.ad-posted',
    sellerName: '.seller__name',
    sellerAds: '.seller__ads',
    phone: '[data-phone]',
  },
  requiredDetail: ['root', 'title', 'price', 'sellerName'],
  requiredList: ['container'],
} as const;

export type XetotDetailField = keyof typeof XETOT_SELECTORS.detail;
