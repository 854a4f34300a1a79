import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, invalid } from '../errors/app-error.js';

/** The request body as `CsvBodyParser` leaves it: an unread stream, or nothing when the client sent another type. */
export function csvBodyStream(body: unknown): NodeJS.ReadableStream {
  if (!body || typeof (body as NodeJS.ReadableStream).pipe !== 'function')
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the CSV as the body with Content-Type: text/csv');
  return body as NodeJS.ReadableStream;
}

/** Copies an uploaded body to `file`, refusing (413) once it grows past `limitBytes` and (400) when it is empty. */
export async function receiveUpload(body: NodeJS.ReadableStream, file: string, limitBytes: number) {
  let size = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      size += chunk.length;
      next(
        size > limitBytes
          ? new AppError(413, 'PAYLOAD_TOO_LARGE', `The file is larger than ${limitBytes / 1024 / 1024} MB`)
          : null,
        chunk,
      );
    },
  });
  try {
    await pipeline(body, guard, createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    throw error instanceof AppError ? error : invalid('body', 'UPLOAD_FAILED', (error as Error).message);
  }
  if (size === 0) {
    await rm(file, { force: true });
    throw invalid('body', 'EMPTY_FILE', 'The file is empty');
  }
}
