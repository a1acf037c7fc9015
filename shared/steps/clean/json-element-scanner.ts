import { UnreadableFileError } from './errors';
import { RecordTextBuffer, type RecordText } from './record-text-buffer';

/** One element of the records array, as text, or a notice that it was too large to keep. */
export type ScannedElement = RecordText;

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * Finds the elements of the records array in a JSON document fed in chunks, without parsing the whole document:
 * either a top-level array (`[…]`) or the `results` array of a top-level object (`{"results":[…]}`), which is
 * what the company DB exports. Each element's text is handed out as soon as it ends, so memory holds one element
 * at most (and not even that past `maxElementChars`: a larger element keeps only its first `keepChars`).
 * It tracks strings and nesting only; JSON.parse judges each element afterwards.
 */
export class JsonElementScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private mode: 'start' | 'array' | 'object' = 'start';
  /** Depth inside which elements live: 1 for a top-level array, 2 for `{"results":[…]}`. 0 = not found yet. */
  private elementsDepth = 0;
  private finished = false;
  private lastKey = '';
  private keyParts: string[] | null = null;
  private currentKey = '';
  private inElement = false;
  private readonly element: RecordTextBuffer;

  constructor(
    private readonly onElement: (element: ScannedElement) => void,
    maxElementChars = 1 << 20,
    keepChars = 4096,
    /** The profile's fields: large values of other fields are dropped as they stream past. */
    isReadField?: (field: string) => boolean,
  ) {
    this.element = new RecordTextBuffer({ maxChars: maxElementChars, keepChars, ...(isReadField ? { isReadField } : {}) });
  }

  /** True once the whole document has closed; only whitespace may follow. */
  get done(): boolean {
    return this.finished;
  }

  push(chunk: string): void {
    let elementStart = this.inElement ? 0 : -1;
    let keyStart = this.keyParts ? 0 : -1;
    const length = chunk.length;
    for (let i = 0; i < length; i++) {
      const code = chunk.charCodeAt(i);
      if (this.finished) {
        // Only whitespace may follow the document: `[…] junk` is not a JSON export.
        if (!isWhitespace(code)) throw new UnreadableFileError('not_json', 'there is content after the end of the JSON document');
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) {
          this.inString = false;
          if (this.keyParts) {
            this.keyParts.push(chunk.slice(keyStart, i));
            this.lastKey = this.keyParts.join('');
            this.keyParts = null;
            keyStart = -1;
          }
        }
        continue;
      }
      if (this.mode === 'start') {
        if (isWhitespace(code)) continue;
        if (code === OPEN_BRACKET) {
          this.mode = 'array';
          this.depth = 1;
          this.elementsDepth = 1;
          continue;
        }
        if (code === OPEN_BRACE) {
          this.mode = 'object';
          this.depth = 1;
          continue;
        }
        throw new UnreadableFileError('not_json', `the document starts with '${String.fromCharCode(code)}', not '[' or '{'`);
      }
      const inElementsArray = this.elementsDepth > 0 && this.depth === this.elementsDepth;
      if (inElementsArray && (code === COMMA || code === CLOSE_BRACKET)) {
        if (this.inElement) {
          this.appendElementText(chunk, elementStart, i);
          this.emitElement();
        } else if (code === COMMA) {
          // `[,` or `,,`: an empty element; JSON.parse will reject it with its own message.
          this.onElement({ text: '', chars: 0, oversize: false, skippedFields: 0, skippedChars: 0 });
        }
        elementStart = -1;
        if (code === CLOSE_BRACKET) {
          // The records array closed; the rest of the document is only checked for structure.
          this.depth--;
          this.elementsDepth = -1;
          if (this.depth === 0) this.finished = true;
        }
        continue;
      }
      if (inElementsArray && !this.inElement) {
        if (isWhitespace(code)) continue;
        this.inElement = true;
        elementStart = i;
      }
      switch (code) {
        case QUOTE:
          this.inString = true;
          if (this.mode === 'object' && this.depth === 1 && this.elementsDepth === 0) {
            this.keyParts = [];
            keyStart = i + 1;
          }
          break;
        case COLON:
          if (this.depth === 1 && this.mode === 'object') this.currentKey = this.lastKey;
          break;
        case COMMA:
          if (this.depth === 1 && this.mode === 'object') this.currentKey = '';
          break;
        case OPEN_BRACKET:
          if (this.mode === 'object' && this.depth === 1 && this.currentKey === 'results' && this.elementsDepth === 0) {
            this.elementsDepth = 2;
          }
          this.depth++;
          break;
        case OPEN_BRACE:
          this.depth++;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          this.depth--;
          if (this.depth === 0) {
            // The top-level object closed: complete if its `results` array was read, else it had none.
            if (this.elementsDepth !== -1) throw new UnreadableFileError('no_results_array', 'the JSON object has no "results" array of records');
            this.finished = true;
          }
          break;
        default:
          break;
      }
    }
    if (this.inElement && elementStart >= 0) this.appendElementText(chunk, elementStart, length);
    if (this.keyParts && keyStart >= 0) this.keyParts.push(chunk.slice(keyStart));
  }

  /** Call at the end of input: a document whose records array never closed is truncated. */
  end(): void {
    if (this.mode === 'start') throw new UnreadableFileError('empty_file', 'the document holds only whitespace');
    if (this.finished) return;
    if (this.elementsDepth === 0) {
      throw new UnreadableFileError('no_results_array', 'the JSON object has no "results" array of records');
    }
    throw new UnreadableFileError(
      'truncated_json',
      this.elementsDepth === -1 ? 'the JSON document ends before its top-level object closes (truncated file?)' : 'the JSON document ends before its records array closes (truncated file?)',
    );
  }

  private appendElementText(chunk: string, from: number, to: number): void {
    if (to > from) this.element.append(from === 0 && to === chunk.length ? chunk : chunk.slice(from, to));
  }

  private emitElement(): void {
    const element = this.element.take();
    this.onElement(element.oversize ? element : { ...element, text: element.text.trimEnd() });
    this.inElement = false;
  }
}
