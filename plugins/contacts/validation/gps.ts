export interface Coordinates {
  latitude: number;
  longitude: number;
}

const DECIMAL = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;
// 49° 57' 53.19'' N, 16° 58' 25.24'' E — seconds may be marked '' or ", minutes ' or ′, the hemisphere before or after.
const PART = String.raw`([NSEW])?\s*(\d{1,3}(?:\.\d+)?)\s*°\s*(?:(\d{1,2}(?:\.\d+)?)\s*['′]\s*)?(?:(\d{1,2}(?:\.\d+)?)\s*(?:''|"|″)\s*)?([NSEW])?`;
const DMS = new RegExp(String.raw`^\s*${PART}\s*[,;]?\s*${PART}\s*$`, 'i');

function fromDms(
  degrees: string,
  minutes: string | undefined,
  seconds: string | undefined,
  hemisphere: string | undefined,
) {
  const value = Number(degrees) + Number(minutes ?? 0) / 60 + Number(seconds ?? 0) / 3600;
  return /[SW]/i.test(hemisphere ?? '') ? -value : value;
}

const round = (n: number) => Math.round(n * 1e7) / 1e7;

/** Parses decimal (`49.9647750, 16.9736778`) or degrees-minutes-seconds coordinates; null when neither fits or out of range. */
export function parseGps(input: string): Coordinates | null {
  let latitude: number;
  let longitude: number;
  const decimal = DECIMAL.exec(input);
  const dms = decimal ? null : DMS.exec(input);
  if (decimal) {
    latitude = Number(decimal[1]);
    longitude = Number(decimal[2]);
  } else if (dms) {
    const firstHemisphere = dms[1] ?? dms[5];
    const secondHemisphere = dms[6] ?? dms[10];
    const first = fromDms(dms[2], dms[3], dms[4], firstHemisphere);
    const second = fromDms(dms[7], dms[8], dms[9], secondHemisphere);
    // Written longitude first ("16° E, 49° N")? Put it right.
    const swapped = /[EW]/i.test(firstHemisphere ?? '') && /[NS]/i.test(secondHemisphere ?? '');
    [latitude, longitude] = swapped ? [second, first] : [first, second];
  } else return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude: round(latitude), longitude: round(longitude) };
}
