import { foldVietnamese } from '../../shared/normalize';
import { displayPhone, FIXTURE_NOW_MS, mileageText, priceText, type FixtureCar } from './fixture-cars';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

function slugify(text: string): string {
  return foldVietnamese(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

export function xetotListingId(car: FixtureCar, seed: number): string {
  return String(7_000_000 + (seed % 100) * 10_000 + car.index);
}

export function xetotDetailPath(car: FixtureCar, seed: number): string {
  return `/mua-ban-oto/${slugify(`${car.brandName} ${car.model.name} ${car.year}`)}-id${xetotListingId(car, seed)}.html`;
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} | Xetot.com</title><link rel="stylesheet" href="/static/site.css"></head>
<body><header class="site-header"><a class="logo" href="/">xetot</a>
<nav class="site-nav"><a href="/toan-quoc/mua-ban-oto">Mua bán ô tô</a><a href="/tai-khoan/dang-tin">Đăng tin</a></nav></header>
${body}
<footer class="site-footer">© Xetot — chợ xe cũ toàn quốc</footer></body></html>`;
}

export interface ListPageInput {
  cars: readonly FixtureCar[];
  seed: number;
  slug: string;
  provinceName: string;
  page: number;
  pageSize: number;
  changedMarkup: boolean;
  /** Another site's origin: adds sponsored cards linking there and a tracking script loaded from there. */
  foreignOrigin?: string | null;
}

/** A listing page: cards linking to detail pages, and a rel=next link while there are more. */
export function renderListPage(input: ListPageInput): string {
  const totalPages = Math.max(1, Math.ceil(input.cars.length / input.pageSize));
  const slice = input.cars.slice((input.page - 1) * input.pageSize, input.page * input.pageSize);
  const title = `Mua bán ô tô cũ ${input.provinceName} - trang ${input.page}`;
  const next = input.page < totalPages ? `/${input.slug}/mua-ban-oto?page=${input.page + 1}` : null;
  if (input.changedMarkup) {
    // The redesign: other tags and classes for the same content.
    const items = slice
      .map((car) => `<div class="result-item"><a class="result-item__url" href="${xetotDetailPath(car, input.seed)}">${escape(`${car.brandName} ${car.model.name} ${car.year}`)}</a></div>`)
      .join('\n');
    return layout(title, `<section id="results">${items}</section>${next ? `<div class="pager"><a class="pager__next" href="${next}">›</a></div>` : ''}`);
  }
  const cards = slice
    .map((car, position) => {
      const variant = car.index + position;
      return `<article class="listing-card" data-listing-id="${xetotListingId(car, input.seed)}">
  <a class="listing-card__link" href="${xetotDetailPath(car, input.seed)}"><img class="listing-card__thumb" src="/static/thumbs/${car.index}.jpg" alt="" loading="lazy">
  <h3 class="listing-card__title">${escape(`${car.brandName} ${car.model.name} ${car.variant} ${car.year}`)}</h3></a>
  <div class="listing-card__price">${escape(priceText(car.priceVnd, variant))}</div>
  <div class="listing-card__meta">${escape(mileageText(car.mileageKm, variant))} · ${escape(car.province.spellings[0] ?? car.province.regionName)}</div>
</article>`;
    })
    .join('\n');
  const foreign = input.foreignOrigin
    ? [1, 2]
        .map(
          (n) => `<article class="listing-card listing-card--sponsored">
  <a class="listing-card__link" href="${input.foreignOrigin}/sponsored/${n}">Tin tài trợ ${n}</a>
</article>`,
        )
        .join('\n') + `\n<script src="${input.foreignOrigin}/tracker.js"></script>`
    : '';
  const body =
    slice.length === 0
      ? `<main id="listings" data-page="${input.page}" data-total-pages="${totalPages}"><p class="listings-empty">Không có tin đăng phù hợp.</p></main>`
      : `<main id="listings" data-page="${input.page}" data-total-pages="${totalPages}"><h1>${escape(title)}</h1>
${cards}
${foreign}
</main>
<nav class="pagination">${input.page > 1 ? `<a rel="prev" href="/${input.slug}/mua-ban-oto?page=${input.page - 1}">Trước</a>` : ''}<span>${input.page}/${totalPages}</span>${next ? `<a rel="next" href="${next}">Sau</a>` : ''}</nav>`;
  return layout(title, body);
}

/** A detail page with the seller's phone in [data-phone] (masked in the text, whole in the attribute). */
export function renderDetailPage(car: FixtureCar, seed: number, changedMarkup: boolean): string {
  const id = xetotListingId(car, seed);
  const variant = car.index;
  const title = `${car.brandName} ${car.model.name} ${car.variant} ${car.year}`;
  const shownPhone =
    car.seller.dealer && car.index % 7 === 0 ? `${displayPhone(car.seller.phone, variant)} - 0912${String(car.index).padStart(6, '0')}` : displayPhone(car.seller.phone, variant);
  const province = car.province.spellings[car.index % car.province.spellings.length] ?? car.province.regionName;
  const posted = new Date(car.postedAtMs).toISOString();
  const sellerAds = `${car.seller.liveAds} tin đang đăng`;
  if (changedMarkup) {
    return layout(title, `<section class="listing-view" data-id="${id}"><h1 class="listing-view__heading">${escape(title)}</h1>
<p class="price-tag">${escape(priceText(car.priceVnd, variant))}</p>
<div class="owner-card"><b class="owner-card__name">${escape(car.seller.name)}</b><button data-tel="${escape(shownPhone)}">Gọi</button></div></section>`);
  }
  const specs: Array<[string, string, string]> = [
    ['brand', 'Hãng xe', car.brandName],
    ['model', 'Dòng xe', `${car.model.name} ${car.variant}`],
    ['year', 'Năm sản xuất', String(car.year)],
    ['mileage', 'Số km đã đi', mileageText(car.mileageKm, variant)],
    ['gearbox', 'Hộp số', car.gearbox === 1 ? 'Số tự động' : 'Số sàn'],
  ];
  const body = `<div class="ad-detail" data-listing-id="${id}">
<nav class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/${car.province.slug}/mua-ban-oto">${escape(car.province.regionName)}</a></nav>
<h1 class="ad-title">${escape(title)}</h1>
<div class="ad-price">${escape(priceText(car.priceVnd, variant))}</div>
<ul class="ad-specs">
${specs.map(([key, name, value]) => `  <li data-spec="${key}"><span class="ad-spec__name">${escape(name)}</span> <b class="ad-spec__value">${escape(value)}</b></li>`).join('\n')}
</ul>
<div class="ad-location"><span class="ad-location__district">${escape(car.area)}</span>, <span class="ad-location__province">${escape(province)}</span></div>
<time class="ad-posted" datetime="${posted}">Đăng ${Math.max(1, Math.round((FIXTURE_NOW_MS - car.postedAtMs) / 86_400_000))} ngày trước</time>
<section class="ad-description"><p>Cần bán ${escape(title)}, ${escape(mileageText(car.mileageKm, variant + 1))}. ${car.owners === 1 ? 'Một chủ từ đầu.' : 'Xe gia đình.'} ${car.seller.dealer ? 'Hỗ trợ trả góp, bao test hãng.' : 'Không tiếp cò.'}</p></section>
<aside class="seller">
  <span class="seller__name">${escape(car.seller.name)}</span>
  <span class="seller__ads">${escape(sellerAds)}</span>
  <a class="seller__phone" href="tel:${escape(car.seller.phone)}" data-phone="${escape(shownPhone)}">${escape(car.seller.phone.slice(0, 4))} *** Bấm để hiện số</a>
</aside>
</div>`;
  return layout(title, body);
}

export function renderHomePage(provinces: ReadonlyArray<{ slug: string; name: string }>): string {
  return layout(
    'Chợ xe cũ',
    `<main class="home"><h1>Mua bán ô tô cũ</h1><ul>${provinces.map((province) => `<li><a href="/${province.slug}/mua-ban-oto">${escape(province.name)}</a></li>`).join('')}</ul></main>`,
  );
}

export function renderNotFound(): string {
  return layout('Không tìm thấy', '<main class="not-found"><h1>Không tìm thấy trang</h1></main>');
}
