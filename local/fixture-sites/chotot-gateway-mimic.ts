import type { FixtureCar } from './fixture-cars';
import { relativeDate } from './fixture-cars';
import { chototParamCodes } from '../../scraper-onprem/sites/chotot/chotot-codes';

const codes = chototParamCodes as unknown as Record<string, Record<string, string>>;
const label = (table: string, code: number): string => codes[table]?.[String(code)] ?? '';

/** chotot's old `mileage` field is a bucket code, not km; kept for shape (scrapers must read mileage_v2). */
function mileageBucket(km: number): number {
  return Math.min(12, 1 + Math.floor(km / 20_000));
}

export interface ChototMimicAd {
  list_id: number;
  region_v2: number;
  carbrand: number;
  list_time: number;
  [field: string]: unknown;
}

/**
 * One ad in the gateway's real shape (see shared/fixtures/chotot): the same fields and types, pseudonymous
 * people, no phone. Ads without a price carry price_string "Giá thỏa thuận".
 */
export function chototAd(car: FixtureCar, seed: number): ChototMimicAd {
  const listId = 134_000_000 + seed * 10_000 + car.index;
  const subjectForms = [
    `${car.brandName} ${car.model.name} ${car.variant} ${car.year}`,
    `Bán ${car.model.name} ${car.variant} sx ${car.year} ${car.owners === 1 ? '1 chủ từ mới' : 'xe gia đình'}`,
    `${car.model.name} ${car.year} ${car.variant} chạy ${Math.round(car.mileageKm / 10_000)} vạn km`,
  ];
  const subject = subjectForms[car.index % subjectForms.length] ?? subjectForms[0];
  const price = car.priceVnd;
  const regionCode = Math.floor(car.province.regionV2 / 1000);
  const ad: ChototMimicAd = {
    account_id: car.seller.accountId,
    account_name: car.seller.name,
    account_oid: car.seller.accountId.toString(16).padStart(32, '0'),
    ad_features: [],
    ad_id: 178_000_000 + seed * 10_000 + car.index,
    ad_labels: [],
    area: 1 + (car.index % 90),
    area_name: car.area,
    area_v2: car.province.regionV2 + 1 + (car.index % 90),
    avatar: `https://cdn.chotot.com/uac2/${car.seller.accountId}`,
    average_rating: 4 + (car.index % 10) / 10,
    average_rating_for_seller: 4 + (car.index % 10) / 10,
    body: `${subject}. Xe ${label('carcolor', car.color).toLowerCase()}, ${label('gearbox', car.gearbox).toLowerCase()}, đã đi ${Math.round(car.mileageKm / 1000)}.000 km. ${car.seller.dealer ? 'Hỗ trợ bank 70%, bao test hãng.' : 'Xe chính chủ, không kinh doanh.'}`,
    business_days: [],
    carbrand: car.model.brand,
    carbrand_name: car.brandName,
    carcolor: car.color,
    carmodel: car.model.model,
    carmodel_name: car.model.name,
    carseats: car.model.seats,
    cartype: car.model.cartype,
    category: 2010,
    category_name: 'Ô tô',
    company_ad: car.seller.companyAd,
    condition_ad: 1,
    condition_ad_name: 'Đã sử dụng',
    contain_videos: 2,
    cta_buttons: [],
    date: relativeDate(car.postedAtMs),
    fee_type: [],
    fuel: car.model.fuel,
    full_name: car.seller.name,
    gearbox: car.gearbox,
    image: `https://cdn.chotot.com/mimic/preset:listing/plain/${listId}.jpg`,
    images: [`https://cdn.chotot.com/mimic/preset:view/plain/${listId}.jpg`],
    inspection_images: [],
    is_price_not_valid: false,
    is_shop_verified: car.seller.companyAd,
    is_sticky: false,
    is_zalo_show: false,
    job_tier: 0,
    label_campaigns: [],
    latitude: 10.7 + (car.index % 50) / 100,
    list_id: listId,
    list_time: car.postedAtMs,
    location: `${(10.7 + (car.index % 50) / 100).toFixed(2)},106.70`,
    longitude: 106.7,
    mfdate: car.year,
    mileage: mileageBucket(car.mileageKm),
    mileage_v2: car.mileageKm,
    number_of_images: 1 + (car.index % 12),
    number_of_owners: car.owners,
    orig_list_time: car.postedAtMs - 86_400_000,
    params: [],
    price_string: price === null ? 'Giá thỏa thuận' : `${price.toLocaleString('de-DE')} đ`,
    product_id: 600_000 + car.index,
    protection_entitlement: false,
    pty_characteristics: [],
    region: regionCode,
    region_name: car.province.regionName,
    region_name_v3: car.province.regionNameV3,
    region_v2: car.province.regionV2,
    seller_info: {
      avatar: `https://cdn.chotot.com/uac2/${car.seller.accountId}`,
      full_name: car.seller.name,
      live_ads: car.seller.liveAds,
      ...(car.seller.soldAds > 0 && { sold_ads: car.seller.soldAds }),
    },
    special_display_images: [],
    specific_service_offered: [],
    state: 'accepted',
    status: 'active',
    sticky_ad_platinum: 0,
    subject,
    total_rating: car.index % 9,
    total_rating_for_seller: car.index % 5,
    type: 's',
    veh_ecom_can_buy_now: false,
    veh_ecom_product_id: '',
    veh_ecom_shop_id: '',
    veh_inspected: 2,
    videos: [],
    ward: 1 + (car.index % 120),
    ward_name: `Phường ${1 + (car.index % 20)}`,
    ward_name_v3: `Phường ${1 + (car.index % 20)}`,
  };
  if (price !== null) ad.price = price;
  return ad;
}

/** The detail endpoint's shape: the ad plus its parameters as labelled values. */
export function chototDetail(ad: ChototMimicAd): Record<string, unknown> {
  const parameters = [
    { id: 'carbrand', label: 'Hãng', value: String(ad.carbrand_name) },
    { id: 'carmodel', label: 'Dòng xe', value: String(ad.carmodel_name) },
    { id: 'mfdate', label: 'Năm sản xuất', value: String(ad.mfdate) },
    { id: 'mileage_v2', label: 'Số Km đã đi', value: String(ad.mileage_v2) },
    { id: 'gearbox', label: 'Hộp số', value: label('gearbox', Number(ad.gearbox)) },
    { id: 'fuel', label: 'Nhiên liệu', value: label('fuel', Number(ad.fuel)) },
  ];
  return {
    ad,
    ad_params: Object.fromEntries(parameters.map((parameter) => [parameter.id, parameter])),
    parameters,
  };
}
