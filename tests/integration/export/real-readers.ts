import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const projectRoot = join(__dirname, '..', '..', '..');
const python = join(projectRoot, '.venv', 'bin', 'python');

export interface OpenpyxlCell {
  v: string | number | boolean | null;
  t: string;
  fmt: string;
  link: string | null;
}
export interface OpenpyxlSheet {
  freeze: string | null;
  filter: string | null;
  rows: OpenpyxlCell[][];
  max_row: number;
  widths: Record<string, number>;
}
export interface OpenpyxlBook {
  sheets: string[];
  sheet: Record<string, OpenpyxlSheet>;
  /** Pictures (files under xl/media/) and drawing parts in the package. */
  media: number;
  drawings: number;
}

/** Makes sure the tools exist: the venv (openpyxl, aiosmtpd) and LibreOffice, each installed once under the lock. */
export function ensureReaders(): void {
  const hasPackages = existsSync(python) && spawnSync(python, ['-c', 'import openpyxl, aiosmtpd']).status === 0;
  if (!hasPackages) {
    const result = spawnSync('flock', ['/tmp/xecu-npm.lock', 'bash', 'scripts/setup-python.sh'], { cwd: projectRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('scripts/setup-python.sh failed: openpyxl is needed in .venv');
  }
  if (spawnSync('sh', ['-c', 'command -v soffice']).status !== 0) {
    const result = spawnSync('bash', ['scripts/ensure-libreoffice.sh'], { cwd: projectRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('scripts/ensure-libreoffice.sh failed: LibreOffice Calc is needed');
  }
}

export function readWithOpenpyxl(file: string): OpenpyxlBook {
  const result = spawnSync(python, [join(__dirname, 'read_workbook.py'), file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`openpyxl could not read ${file}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as OpenpyxlBook;
}

export interface LibreOfficeResult {
  /** CSV text of every sheet, by sheet name. */
  csv: Record<string, string>;
  /** The workbook LibreOffice saved again as .xlsx (it opened and re-wrote ours). */
  resaved: string;
  stderr: string;
}

/**
 * Opens the workbook in LibreOffice Calc (headless, with its own throwaway profile so parallel runs and the
 * user's settings do not interfere) and converts it twice: every sheet to CSV (filter option sheet -1, LibreOffice
 * ≥ 7.2), and back to .xlsx. A file LibreOffice needs to repair or cannot read fails the conversion.
 */
export function convertWithLibreOffice(file: string, outDir: string): LibreOfficeResult {
  const home = mkdtempSync(join(tmpdir(), 'xecu-soffice-home-'));
  try {
    const base = ['--headless', '--norestore', '--nolockcheck', `-env:UserInstallation=file://${home}/profile`];
    const env = { ...process.env, HOME: home };
    const csvFilter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
    const toCsv = spawnSync('soffice', [...base, '--convert-to', csvFilter, '--outdir', outDir, file], { encoding: 'utf8', env, timeout: 120_000 });
    const toXlsx = spawnSync('soffice', [...base, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', join(outDir, 'resaved'), file], {
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    const stderr = `${toCsv.stderr}${toXlsx.stderr}`;
    if (toCsv.status !== 0 || toXlsx.status !== 0) throw new Error(`soffice failed (${toCsv.status}/${toXlsx.status}):\n${toCsv.stdout}${stderr}`);
    const stem = file.replace(/^.*\//, '').replace(/\.xlsx$/, '');
    const csv: Record<string, string> = {};
    for (const name of readdirSync(outDir)) {
      if (name.startsWith(`${stem}-`) && name.endsWith('.csv')) csv[name.slice(stem.length + 1, -4)] = readFileSync(join(outDir, name), 'utf8');
    }
    return { csv, resaved: join(outDir, 'resaved', `${stem}.xlsx`), stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Minimal CSV parsing (LibreOffice quotes text fields with ", doubling inner quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
