/**
 * Pictures on a sheet of exceljs's *streaming* writer, which has `workbook.addImage` but no `worksheet.addImage`
 * (only the non-streaming Workbook draws). A picture needs three parts the streaming writer does not make: a
 * drawing part (`xl/drawings/drawingN.xml`, one anchor per picture), its relationships to the media files, and
 * the sheet's `<drawing r:id>` element plus relationship; and a content-type override for the drawing. This
 * module adds exactly those, through the writer's own zip and relationship writer, and nothing else.
 */
import type { Writable } from 'node:stream';

const EMU_PER_PIXEL = 9525;
const DRAWING_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const IMAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';
const DRAWING_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';

export interface SheetPicture {
  /** Id from `workbook.addImage`. */
  imageId: number;
  /** Zero-based top-left cell. */
  col: number;
  row: number;
  widthPx: number;
  heightPx: number;
  /** Alternative text (screen readers, and what LibreOffice shows as the name). */
  description: string;
}

/** The parts of exceljs's WorkbookWriter and WorksheetWriter this module touches (not in its type definitions). */
interface StreamingWorkbookInternals {
  zip: { append(source: unknown, data: { name: string }): unknown };
  media: { name: string; extension: string }[];
}
interface StreamingWorksheetInternals {
  _sheetRelsWriter: { addRelationship(rel: { Type: string; Target: string }): string };
  _writeLegacyData(): void;
  stream: Writable;
}

const xmlEscape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Places pictures on one streaming worksheet. Call once per sheet, before the sheet is committed; `drawingNumber`
 * must be unique in the workbook (1, 2, …).
 */
export function placePictures(workbook: unknown, worksheet: unknown, pictures: readonly SheetPicture[], drawingNumber: number): void {
  if (pictures.length === 0) return;
  const book = workbook as StreamingWorkbookInternals;
  const sheet = worksheet as StreamingWorksheetInternals;
  const drawingName = `drawing${drawingNumber}`;

  const anchors = pictures.map((picture, index) => {
    const cx = Math.round(picture.widthPx * EMU_PER_PIXEL);
    const cy = Math.round(picture.heightPx * EMU_PER_PIXEL);
    return (
      `<xdr:oneCellAnchor><xdr:from><xdr:col>${picture.col}</xdr:col><xdr:colOff>0</xdr:colOff>` +
      `<xdr:row>${picture.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="${cx}" cy="${cy}"/>` +
      `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${index + 2}" name="Chart ${index + 1}" descr="${xmlEscape(picture.description)}"/>` +
      `<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>` +
      `<xdr:blipFill><a:blip r:embed="rId${index + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
      `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm>` +
      `<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>`
    );
  });
  book.zip.append(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ' +
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `${anchors.join('')}</xdr:wsDr>`,
    { name: `xl/drawings/${drawingName}.xml` },
  );
  const rels = pictures.map((picture, index) => {
    const medium = book.media[picture.imageId];
    if (!medium) throw new RangeError(`no image with id ${picture.imageId} in the workbook`);
    return `<Relationship Id="rId${index + 1}" Type="${IMAGE_REL}" Target="../media/${medium.name}"/>`;
  });
  book.zip.append(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
    { name: `xl/drawings/_rels/${drawingName}.xml.rels` },
  );

  const drawingRelId = sheet._sheetRelsWriter.addRelationship({ Type: DRAWING_REL, Target: `../drawings/${drawingName}.xml` });
  // `<drawing>` belongs after headerFooter/rowBreaks and before legacyDrawing in CT_Worksheet: exactly where the
  // writer calls _writeLegacyData during commit.
  const writeLegacyData = sheet._writeLegacyData.bind(sheet);
  sheet._writeLegacyData = () => {
    sheet.stream.write(`<drawing r:id="${drawingRelId}"/>`);
    writeLegacyData();
  };

  // The writer's [Content_Types].xml knows no drawings: add the overrides as it goes into the zip. Only the
  // archiver's `append` is wrapped (an own property on that one instance); everything else passes through as is.
  const patched = book as StreamingWorkbookInternals & { __xecuDrawings?: string[] };
  if (!patched.__xecuDrawings) {
    const drawings: string[] = [];
    patched.__xecuDrawings = drawings;
    const append = book.zip.append.bind(book.zip);
    book.zip.append = (source: unknown, data: { name: string }) => {
      if (data.name === '[Content_Types].xml' && typeof source === 'string') {
        const overrides = drawings
          .map((name) => `<Override PartName="/xl/drawings/${name}.xml" ContentType="${DRAWING_CONTENT_TYPE}"/>`)
          .join('');
        return append(source.replace('</Types>', `${overrides}</Types>`), data);
      }
      return append(source, data);
    };
  }
  patched.__xecuDrawings.push(drawingName);
}
