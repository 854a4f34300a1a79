import { parseGps } from './gps.js';

describe('parseGps', () => {
  it('reads decimal coordinates', () => {
    expect(parseGps('49.9647750, 16.9736778')).toEqual({ latitude: 49.964775, longitude: 16.9736778 });
    expect(parseGps('-33.8688 151.2093')).toEqual({ latitude: -33.8688, longitude: 151.2093 });
  });
  it('reads degrees, minutes and seconds', () => {
    const parsed = parseGps(`49° 57' 53.19'' N, 16° 58' 25.24'' E`)!;
    expect(parsed.latitude).toBeCloseTo(49.964775, 6);
    expect(parsed.longitude).toBeCloseTo(16.9736778, 6);
    expect(parseGps(`33° 52' 7.68" S, 151° 12' 33.48" W`)).toEqual({ latitude: -33.8688, longitude: -151.2093 });
  });
  it('refuses nonsense and out-of-range values', () => {
    expect(parseGps('somewhere')).toBeNull();
    expect(parseGps('91.0, 10.0')).toBeNull();
  });
});
