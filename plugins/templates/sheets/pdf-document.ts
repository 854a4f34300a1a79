import { a4Document } from '@clientele/core';

/**
 * A rendered document template as an A4 PDF: the title, then the text line by line; a line that
 * starts with `# ` is a heading. The text is the template's output, never markup, so nothing in
 * a customer's data can change the layout beyond its own lines.
 */
export function pdfOf(title: string, text: string): Promise<Buffer> {
  const { doc, done } = a4Document({ Title: title });
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
