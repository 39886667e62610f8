import type { Response } from 'express';

/**
 * A published file: PDFs open in the browser, the rest download; the SHA-256 the page lists travels in
 * `X-Content-SHA256` and the ETag, so a client can check what it received.
 */
export function sendFile(res: Response, file: { filename: string; contentType: string; body: Buffer; sha256?: string }, options: { cache: string }): void {
  const disposition = file.contentType === 'application/pdf' ? 'inline' : 'attachment';
  res.type(file.contentType).setHeader('Content-Disposition', `${disposition}; filename="${file.filename}"`).setHeader('Cache-Control', options.cache);
  if (file.sha256) res.setHeader('X-Content-SHA256', file.sha256).setHeader('ETag', `"${file.sha256}"`);
  res.send(file.body);
}
