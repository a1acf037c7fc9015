import type { CustomerRowRole, CustomerVehicleRow } from '../../contracts/customer-export';

/**
 * Identity rules for the rows of one vehicle (shared/sql/core/merge_customer_vehicles.sql applies the same rules
 * across batches). A row's person block — customer id and key, name, phone, email, birth — travels whole: two rows
 * are merged field by field only when they name the same person, and contact fields (phone, email, birth) are
 * taken only from a row that wrote them beside the same name. A lead sent to the wrong person is worse than none.
 */

/** How two rows of one vehicle relate as people. */
export type PersonRelation = 'same' | 'different' | 'conflict';

export const PERSON_COLUMNS = [
  'customer_key', 'customer_id', 'full_name', 'name_folded', 'family_name_folded', 'given_name_folded',
  'middle_name_folded', 'name_key', 'phone', 'phone_alt', 'email', 'birth_date', 'birth_year',
] as const satisfies readonly (keyof CustomerVehicleRow)[];

/** The person fields that identify whom to call: filled from another row only when it bears the same name. */
const CONTACT_COLUMNS = ['phone', 'phone_alt', 'email', 'birth_date', 'birth_year'] as const satisfies readonly (keyof CustomerVehicleRow)[];

function phones(row: CustomerVehicleRow): string[] {
  return [row.phone, row.phone_alt].filter((phone): phone is string => phone !== null && phone !== '');
}

/** Both rows carry a name and it is the same (folded, or the same words in another order). A missing name agrees with nothing. */
function sameName(a: CustomerVehicleRow, b: CustomerVehicleRow): boolean {
  if (!a.name_folded || !b.name_folded) return false;
  return a.name_folded === b.name_folded || (!!a.name_key && a.name_key === b.name_key);
}

/**
 * same: one person (the same CustomerId, or without ids the same name and no contradicting birth year, or for a
 * row without a name a shared phone; a derived key changing from `n:` to `p:` to `c:` is the same person). different: another person (different CustomerIds,
 * unless name and a phone both agree — a re-numbered export; or, without ids, another name). conflict: the same
 * CustomerId with another name AND another phone — a re-numbered export or a typo, never merged.
 */
export function personRelation(a: CustomerVehicleRow, b: CustomerVehicleRow): PersonRelation {
  const nameAgrees = sameName(a, b);
  const phoneShared = phones(a).some((phone) => phones(b).includes(phone));
  const phoneDiffers = a.phone !== null && b.phone !== null && !phoneShared;
  if (a.customer_id !== null && b.customer_id !== null) {
    const namesDiffer = !!a.name_folded && !!b.name_folded && !nameAgrees;
    if (a.customer_id === b.customer_id) return namesDiffer && phoneDiffers ? 'conflict' : 'same';
    return nameAgrees && phoneShared ? 'same' : 'different';
  }
  // A row without a name (a phone-only row) is its phone's person: the same when a phone is shared.
  if (!a.name_folded || !b.name_folded) return phoneShared ? 'same' : 'different';
  if (!nameAgrees) return 'different';
  const birthDiffers = a.birth_year !== null && b.birth_year !== null && a.birth_year !== b.birth_year;
  return birthDiffers ? 'different' : 'same';
}

/** The latest date among the row's own facts (purchase, last service), `yyyy-mm-dd…`; null when it has none. */
export function factsAsOf(row: CustomerVehicleRow): string | null {
  const dates = [row.purchase_date, row.last_service_at].filter((date): date is string => date !== null && date !== '');
  if (dates.length === 0) return null;
  return dates.reduce((latest, date) => (date.slice(0, 10) > latest.slice(0, 10) ? date : latest)).slice(0, 10);
}

/** `b` is later than `a` by the rows' own dates; undated or equal rows keep file order (b came later). */
export function isLater(a: CustomerVehicleRow, b: CustomerVehicleRow): boolean {
  const [dateA, dateB] = [factsAsOf(a), factsAsOf(b)];
  if (dateA === null || dateB === null) return true;
  return dateB >= dateA;
}

/**
 * A row that may name the vehicle's owner: it carries the DB's CustomerId or is a sale (purchase date). A service
 * row without CustomerId names whoever brought the car in, who may not own it.
 */
export function namesOwner(row: CustomerVehicleRow): boolean {
  return row.customer_id !== null || row.purchase_date !== null;
}

type PersonBlock = Pick<CustomerVehicleRow, (typeof PERSON_COLUMNS)[number]>;

function personBlock(row: CustomerVehicleRow): PersonBlock {
  return Object.fromEntries(PERSON_COLUMNS.map((column) => [column, row[column]])) as PersonBlock;
}

/**
 * The person of the merged row: `lead`'s block whole, with its gaps filled from `other` only when both rows name
 * the same person — contact fields only from a row with the same folded name. A customer id beats a derived key.
 */
export function mergedPerson(lead: CustomerVehicleRow, other: CustomerVehicleRow, relation: PersonRelation): PersonBlock {
  const block = personBlock(lead);
  if (relation !== 'same') return block;
  const withId = lead.customer_id !== null ? lead : other.customer_id !== null ? other : lead;
  const filled: PersonBlock = {
    ...block,
    customer_key: withId.customer_key,
    customer_id: withId.customer_id,
  };
  if (!lead.name_folded || lead.name_folded !== other.name_folded) return filled;
  for (const column of CONTACT_COLUMNS) {
    if (filled[column] === null) (filled as Record<string, unknown>)[column] = other[column];
  }
  // The other row's number is this person's too: keep it as the alternative when there is room.
  const phone = filled.phone;
  filled.phone_alt = [lead.phone_alt, other.phone_alt, other.phone].find((candidate) => candidate && candidate !== phone) ?? null;
  return filled;
}

/**
 * Which row leads the person block. Same person: the row with the CustomerId, else the later one. Different people:
 * the later owner (resale); a service row without CustomerId does not take the vehicle from a row that names an
 * owner. Conflict: the person known first stays; the other is kept out.
 */
export function personLead(kept: CustomerVehicleRow, incoming: CustomerVehicleRow, relation: PersonRelation): CustomerVehicleRow {
  if (relation === 'conflict') return kept;
  if (relation === 'same') {
    if (kept.customer_id !== null && incoming.customer_id === null) return kept;
    if (incoming.customer_id !== null && kept.customer_id === null) return incoming;
    return isLater(kept, incoming) ? incoming : kept;
  }
  const [keptOwns, incomingOwns] = [namesOwner(kept), namesOwner(incoming)];
  if (keptOwns !== incomingOwns) return keptOwns ? kept : incoming;
  return isLater(kept, incoming) ? incoming : kept;
}

/**
 * The role of the row whose person does not lead the vehicle's row (`other`), kept apart from it rather than lost:
 * null when both name one person (merged). Conflict: the same CustomerId with another name and phone. Otherwise
 * another person: a previous owner when the row names an owner (the later owner replaced it: a resale inside one
 * export), else a contact (a service row without CustomerId).
 */
export function setAsideRole(other: CustomerVehicleRow, relation: PersonRelation): CustomerRowRole | null {
  if (relation === 'same') return null;
  if (relation === 'conflict') return 'conflict';
  return namesOwner(other) ? 'previous_owner' : 'contact';
}
