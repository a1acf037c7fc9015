import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/**
 * Reads a zip's central directory (no unzip binary needed). Handles the archives osls writes: stored or deflated
 * entries, no zip64, an archive comment within the 64 KiB the format allows.
 */
function readEntries(zip: Buffer, label: string): ZipEntry[] {
  const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
  const CENTRAL_FILE_HEADER = 0x02014b50;
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at -= 1) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error(`${label} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw new Error(`${label}: bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localHeaderOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** File names in a zip archive. */
export function zipEntries(zipPath: string): string[] {
  return readEntries(readFileSync(zipPath), zipPath).map((entry) => entry.name);
}

/** Extracts the files of a zip whose names pass `filter` into `targetDir`. */
export function extractZip(zipPath: string, targetDir: string, filter: (name: string) => boolean = () => true): void {
  const zip = readFileSync(zipPath);
  for (const entry of readEntries(zip, zipPath)) {
    if (entry.name.endsWith('/') || !filter(entry.name)) continue;
    const target = path.resolve(targetDir, entry.name);
    if (!target.startsWith(path.resolve(targetDir) + path.sep)) throw new Error(`${zipPath}: entry escapes the target: ${entry.name}`);
    // Local header: fixed 30 bytes, then name and extra field (its lengths may differ from the central copy).
    const dataStart = entry.localHeaderOffset + 30 + zip.readUInt16LE(entry.localHeaderOffset + 26) + zip.readUInt16LE(entry.localHeaderOffset + 28);
    const data = zip.subarray(dataStart, dataStart + entry.compressedSize);
    if (entry.method !== 0 && entry.method !== 8) throw new Error(`${zipPath}: ${entry.name} uses compression method ${entry.method}`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, entry.method === 8 ? inflateRawSync(data) : data);
  }
}
