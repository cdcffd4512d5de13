/**
 * One way to parse any XML part of a package: saxes (a strict, non-validating SAX parser), fed
 * chunk by chunk, so a part is never held whole as a document. What it refuses, for every part:
 *   - a DOCTYPE (so no DTD, no entity declarations, no billion laughs, no external entities:
 *     saxes itself never fetches anything and knows only the five predefined entities);
 *   - anything not well formed (saxes throws; the message names the part).
 * Handlers may throw a PackageError to stop the parse (a limit was hit).
 */
import { StringDecoder } from 'string_decoder';
import type { Readable } from 'stream';
import { SaxesParser } from 'saxes';
import { PackageError } from './zipRead';

export interface SaxHandlers {
  /** Start tag: local name (any prefix removed) and attributes by their qualified name. */
  readonly open?: (name: string, attrs: Readonly<Record<string, string>>) => void;
  readonly close?: (name: string) => void;
  readonly text?: (text: string) => void;
}

/** The PackageError of a part that declares a DTD (told apart from a part that is not well formed). */
export class DtdRefused extends PackageError {}

export function local(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function parser(partName: string, h: SaxHandlers): SaxesParser {
  const p = new SaxesParser({ xmlns: false, position: false });
  p.on('doctype', () => {
    throw new DtdRefused(`part ${partName} declares a DTD, which is not allowed`, 'Workbooks saved by Excel never hold one; the file is not read.');
  });
  const { open, close, text } = h;
  if (open !== undefined) p.on('opentag', (tag) => open(local(tag.name), tag.attributes as Record<string, string>));
  if (close !== undefined) p.on('closetag', (tag) => close(local(tag.name)));
  if (text !== undefined) {
    p.on('text', text);
    p.on('cdata', text);
  }
  return p;
}

export function failure(partName: string, err: unknown): PackageError {
  if (err instanceof PackageError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new PackageError(`part ${partName} is not well-formed XML: ${msg.split('\n')[0] ?? msg}`, 'The file is damaged; save it again from Excel.');
}

/** Decoder for the part's encoding, from its first bytes (UTF-8 unless a UTF-16 BOM says otherwise). */
function decoderFor(first: Buffer): { decoder: StringDecoder; skip: number } {
  if (first[0] === 0xff && first[1] === 0xfe) return { decoder: new StringDecoder('utf16le'), skip: 2 };
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return { decoder: new StringDecoder('utf8'), skip: 3 };
  return { decoder: new StringDecoder('utf8'), skip: 0 };
}

/** Parses a part held in memory. */
export function saxParse(partName: string, data: Buffer, h: SaxHandlers): void {
  const p = parser(partName, h);
  const { decoder, skip } = decoderFor(data);
  try {
    p.write(decoder.write(skip > 0 ? data.subarray(skip) : data) + decoder.end());
    p.close();
  } catch (err) {
    throw failure(partName, err);
  }
}

/** Parses a streamed part; rejects (and stops inflating) on the first problem. */
export function saxParseStream(partName: string, stream: Readable, h: SaxHandlers): Promise<void> {
  const p = parser(partName, h);
  return new Promise((resolve, reject) => {
    let decoder: StringDecoder | undefined;
    let failed = false;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(failure(partName, err));
    };
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        if (decoder === undefined) {
          const d = decoderFor(chunk);
          decoder = d.decoder;
          p.write(decoder.write(d.skip > 0 ? chunk.subarray(d.skip) : chunk));
        } else {
          p.write(decoder.write(chunk));
        }
      } catch (err) {
        fail(err);
      }
    });
    stream.on('error', (err: Error) => fail(new PackageError(`part ${partName} cannot be unpacked: ${err.message}`, 'The file is damaged; save it again from Excel.')));
    stream.on('end', () => {
      if (failed) return;
      try {
        if (decoder !== undefined) p.write(decoder.end());
        p.close();
        resolve();
      } catch (err) {
        fail(err);
      }
    });
  });
}
