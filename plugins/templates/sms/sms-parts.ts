import { SegmentedMessage } from 'sms-segments-calculator';

export interface SmsCount {
  /** Characters as the network counts them: a GSM-7 extension character (`€`, `{` …) counts twice. */
  characters: number;
  /** Concatenated parts one SMS of this text takes. */
  parts: number;
  encoding: 'GSM-7' | 'UCS-2';
  /** The characters that force UCS-2 (replace them to fit more into a part). */
  nonGsmCharacters: string[];
}

export function countSms(text: string): SmsCount {
  const message = new SegmentedMessage(text);
  return {
    characters: message.numberOfCharacters,
    parts: text.length ? message.segmentsCount : 0,
    encoding: message.encodingName as SmsCount['encoding'],
    nonGsmCharacters: message.getNonGsmCharacters(),
  };
}

/**
 * The operator's "split after N characters": a longer text goes out as several SMS of at most
 * `limit` characters, cut at the last space inside the limit where there is one. Characters are
 * code points, so an emoji is never cut in half. 0 never splits.
 */
export function splitSms(text: string, limit: number): string[] {
  const chars = Array.from(text);
  if (limit <= 0 || chars.length <= limit) return [text];
  const pieces: string[] = [];
  let rest = chars;
  while (rest.length > limit) {
    const space = rest.lastIndexOf(' ', limit);
    const cut = space > 0 ? space : limit;
    pieces.push(rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(space > 0 ? cut + 1 : cut);
  }
  if (rest.length) pieces.push(rest.join(''));
  return pieces.filter((p) => p.length);
}
