/**
 * Drops, from the text of one JSON record fed in pieces, the large values of top-level fields the profile does not
 * read (a base64 attachment of megabytes), leaving `null` in their place: the record still parses, loses nothing it
 * loads, and memory holds at most `maxValueChars` of such a value. Values of read fields, and small values of any
 * field, pass through unchanged. It tracks strings and nesting only, like the scanner; JSON.parse judges the rest.
 */
export class UnreadFieldFilter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Collecting a key of the record object: its pieces. */
  private keyParts: string[] | null = null;
  private lastKey = '';
  /** Past the colon of a record-level field: a string now is its value, not a key. */
  private afterColon = false;
  /** Inside the value of an unread field: its text so far (null once it is being dropped). */
  private pending: string[] | null = null;
  private pendingChars = 0;
  private dropping = false;
  private droppedChars = 0;
  /** Fields dropped and their characters, for the warning. */
  skippedFields = 0;
  skippedChars = 0;

  constructor(
    private readonly isReadField: (field: string) => boolean,
    private readonly maxValueChars = 4096,
  ) {}

  /** The kept part of `piece`. */
  push(piece: string): string {
    let out = '';
    let runStart = 0; // start of the part of `piece` not yet handed to `out` or held
    let keyStart = this.keyParts ? 0 : -1;
    const length = piece.length;
    for (let i = 0; i < length; i++) {
      const code = piece.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === 92) this.escaped = true;
        else if (code === 34) {
          this.inString = false;
          if (this.keyParts) {
            this.keyParts.push(piece.slice(keyStart, i));
            this.lastKey = this.keyParts.join('');
            this.keyParts = null;
            keyStart = -1;
          }
        }
        continue;
      }
      const inUnreadValue = this.pending !== null || this.dropping;
      if (inUnreadValue && this.depth === 1 && (code === 44 || code === 125)) {
        // `,` or `}` at the record's level ends the value of an unread field.
        out += this.endValue(piece, runStart, i);
        runStart = i;
      }
      switch (code) {
        case 34:
          this.inString = true;
          if (this.depth === 1 && !this.afterColon && !inUnreadValue) {
            this.keyParts = [];
            keyStart = i + 1;
          }
          break;
        case 58:
          if (this.depth === 1 && !inUnreadValue) {
            this.afterColon = true;
            if (!this.isReadField(this.lastKey)) {
              out += piece.slice(runStart, i + 1);
              runStart = i + 1;
              this.pending = [];
              this.pendingChars = 0;
            }
          }
          break;
        case 44:
          if (this.depth === 1) this.afterColon = false;
          break;
        case 123:
        case 91:
          this.depth++;
          break;
        case 125:
        case 93:
          this.depth--;
          break;
        default:
          break;
      }
    }
    if (this.keyParts && keyStart >= 0) this.keyParts.push(piece.slice(keyStart));
    if (this.pending !== null || this.dropping) this.hold(piece, runStart, length);
    else out += piece.slice(runStart);
    return out;
  }

  /** Whatever is still held at the end of the record (a record that ended inside a value: JSON.parse will say). */
  end(): string {
    const rest = this.dropping ? 'null' : (this.pending?.join('') ?? '');
    this.pending = null;
    this.dropping = false;
    return rest;
  }

  private hold(piece: string, from: number, to: number): void {
    if (to <= from) return;
    if (this.dropping) {
      this.droppedChars += to - from;
      return;
    }
    this.pendingChars += to - from;
    if (this.pendingChars > this.maxValueChars) {
      this.dropping = true;
      this.droppedChars = this.pendingChars;
      this.pending = null;
      return;
    }
    (this.pending as string[]).push(piece.slice(from, to));
  }

  /** The text that replaces the unread value just ended: itself when small, `null` when dropped. */
  private endValue(piece: string, from: number, to: number): string {
    this.hold(piece, from, to);
    let text: string;
    if (this.dropping) {
      this.skippedFields++;
      this.skippedChars += this.droppedChars;
      text = 'null';
    } else text = (this.pending as string[]).join('');
    this.pending = null;
    this.dropping = false;
    this.droppedChars = 0;
    this.pendingChars = 0;
    return text;
  }
}
