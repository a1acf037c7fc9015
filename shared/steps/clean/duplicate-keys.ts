/** Counts `":` pairs: equal to the key count for a flat object written without spaces before colons. */
function countKeyMarkers(text: string): number {
  let count = 0;
  let at = text.indexOf('":');
  while (at >= 0) {
    count++;
    at = text.indexOf('":', at + 2);
  }
  return count;
}

/** The keys of the outermost object in JSON text, in order, duplicates included. */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let stringStart = -1;
  let lastString: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (stringStart >= 0) {
      if (code === 92) i++;
      else if (code === 34) {
        lastString = depth === 1 ? text.slice(stringStart, i) : null;
        stringStart = -1;
      }
      continue;
    }
    if (code === 34) stringStart = i + 1;
    else if (code === 123 || code === 91) depth++;
    else if (code === 125 || code === 93) depth--;
    else if (code === 58 && depth === 1 && lastString !== null) {
      keys.push(JSON.parse(`"${lastString}"`) as string);
      lastString = null;
    } else if (code !== 32 && code !== 9 && code !== 10 && code !== 13) lastString = null;
  }
  return keys;
}

/**
 * The first key that appears twice in a JSON object's text, or null. JSON.parse keeps the last value silently;
 * for an export that is an ambiguous record, so clean rejects it. Cheap when there is nothing to find.
 */
export function findDuplicateKey(text: string, parsed: Record<string, unknown>): string | null {
  if (countKeyMarkers(text) === Object.keys(parsed).length) return null;
  const seen = new Set<string>();
  for (const key of topLevelKeys(text)) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return null;
}
