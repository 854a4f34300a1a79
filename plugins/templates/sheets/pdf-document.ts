import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
/** Fonts from npm, with Czech and Cyrillic letters, so the sheet prints the same from every server. */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/**
 * A rendered document template as an A4 PDF: the title, then the text line by line; a line that
 * starts with `# ` is a heading. The text is the template's output, never markup, so nothing in
 * a customer's data can change the layout beyond its own lines.
 */
export function pdfOf(title: string, text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONT).registerFont('bold', FONT_BOLD);
  doc.font('bold').fontSize(16).text(title).moveDown();
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('# ')) doc.moveDown(0.5).font('bold').fontSize(12).text(line.slice(2));
    else
      doc
        .font('regular')
        .fontSize(10)
        .text(line || ' ');
  }
  doc.end();
  return done;
}
