/** Vietnamese normalizers: pure, deterministic, no I/O. Package boundary of shared/normalize. */
export { foldVietnamese } from './fold';
export { normalizePhone, type PhoneReason, type PhoneResult } from './phone';
export { maskPhone } from './mask-phone';
export { parsePersonName, personNameKey, familyNameFrequency, type PersonName } from './person-name';
export { parseDate, yearOf, ageToBirthYear } from './dates';
export { parseVnd, type MoneyResult } from './money';
export { parseMileageKm } from './mileage';
export {
  normalizeProvince,
  provinceOldToNew,
  NEW_PROVINCES,
  OLD_PROVINCES,
  PROVINCE_MERGERS,
  type ProvinceResult,
} from './province';
export { matchCarModel, normalizeCarMake, type CarModelMatch } from './car-catalog';
export { looksLikeDealer, type DealerSignals } from './dealer';
export { NormalizeError, UnknownProvinceError } from './normalize-error';
