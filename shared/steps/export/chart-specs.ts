import type { TopLevelSpec } from 'vega-lite';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const FONT = { font: 'DejaVu Sans' };

/** Median asking price (million ₫) by age, one line per top model. */
export function medianPriceByAgeSpec(points: readonly { model_name: string; age_years: number; median_price_vnd: number }[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    width: 560,
    height: 280,
    config: FONT,
    data: { values: points.map((p) => ({ model: p.model_name, age: p.age_years, price: p.median_price_vnd / 1e6 })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'age', type: 'quantitative', title: 'Age (years)', axis: { tickMinStep: 1 } },
      y: { field: 'price', type: 'quantitative', title: 'Median asking price (million ₫)' },
      color: { field: 'model', type: 'nominal', title: 'Model' },
    },
  };
}

/** Listing count by province, largest first. */
export function listingsByProvinceSpec(rows: readonly { province: string; listings: number }[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    width: 480,
    height: { step: 18 },
    config: FONT,
    data: { values: rows.map((r) => ({ province: r.province, listings: r.listings })) },
    mark: 'bar',
    encoding: {
      y: { field: 'province', type: 'nominal', sort: '-x', title: null },
      x: { field: 'listings', type: 'quantitative', title: 'Listings' },
    },
  };
}

/** Median days on market by model, fastest first. */
export function daysOnMarketSpec(rows: readonly { model_name: string; median_days_on_market: number }[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    width: 480,
    height: { step: 18 },
    config: FONT,
    data: { values: rows.map((r) => ({ model: r.model_name, days: r.median_days_on_market })) },
    mark: { type: 'bar', color: '#2e7d32' },
    encoding: {
      y: { field: 'model', type: 'nominal', sort: 'x', title: null },
      x: { field: 'days', type: 'quantitative', title: 'Median days on market (removed listings)' },
    },
  };
}
