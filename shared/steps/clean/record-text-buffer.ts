import { UnreadFieldFilter } from './unread-field-filter';

export interface RecordTextLimits {
  /** A record longer than this (after unread values are dropped) is too large: only its first `keepChars` are kept. */
  maxChars: number;
  keepChars: number;
  /** The profile's fields: when given, a record past `filterFromChars` drops large values of the other fields. */
  isReadField?: (field: string) => boolean;
  filterFromChars?: number;
  maxUnreadValueChars?: number;
}

/** The text of one record as the reader hands it on. */
export interface RecordText {
  text: string;
  /** Characters of the record in the file: larger than `text` when it was too large or had values dropped. */
  chars: number;
  oversize: boolean;
  /** Values of unread fields dropped from the text, and their characters. */
  skippedFields: number;
  skippedChars: number;
}

/** Records are a few hundred characters: the filter starts only on the rare record past 64 Ki, so the rest pay nothing. */
const FILTER_FROM_CHARS = 64 * 1024;
const MAX_UNREAD_VALUE_CHARS = 256;

/**
 * Collects one record's text from the pieces the reader finds, with memory bounded whatever the record's size: a
 * large value of a field the profile does not read is dropped as it streams past, and past `maxChars` only the
 * record's head is kept (it is rejected as too large).
 */
export class RecordTextBuffer {
  private parts: string[] = [];
  private keptChars = 0;
  private rawChars = 0;
  private oversize = false;
  private filter: UnreadFieldFilter | null = null;

  constructor(private readonly limits: RecordTextLimits) {}

  /** Characters appended since the last take. */
  get chars(): number {
    return this.rawChars;
  }

  append(piece: string): void {
    if (piece.length === 0) return;
    this.rawChars += piece.length;
    if (this.oversize) return;
    const kept = this.filter ? this.filter.push(piece) : piece;
    this.parts.push(kept);
    this.keptChars += kept.length;
    const { isReadField } = this.limits;
    if (this.filter === null && isReadField && this.keptChars > (this.limits.filterFromChars ?? FILTER_FROM_CHARS)) {
      // Re-read what is held so far through the filter, then filter the rest as it comes.
      this.filter = new UnreadFieldFilter(isReadField, this.limits.maxUnreadValueChars ?? MAX_UNREAD_VALUE_CHARS);
      const filtered = this.filter.push(this.parts.join(''));
      this.parts = [filtered];
      this.keptChars = filtered.length;
    }
    if (this.keptChars > this.limits.maxChars) {
      this.oversize = true;
      this.parts = [this.parts.join('').slice(0, this.limits.keepChars)];
    }
  }

  /** The record collected so far; the buffer starts over. */
  take(): RecordText {
    const filter = this.filter;
    if (filter && !this.oversize) this.parts.push(filter.end());
    const record: RecordText = {
      text: this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join(''),
      chars: this.rawChars,
      oversize: this.oversize,
      skippedFields: filter?.skippedFields ?? 0,
      skippedChars: filter?.skippedChars ?? 0,
    };
    this.parts = [];
    this.keptChars = 0;
    this.rawChars = 0;
    this.oversize = false;
    this.filter = null;
    return record;
  }
}
