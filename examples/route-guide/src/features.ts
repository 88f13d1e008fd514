import type { Feature, Point } from "./gen/routeguide/route_guide.js";

const e7 = 1e7;

/** A small built-in map: a few named places around the Bay Area, in E7 degrees. */
export const defaultFeatures: readonly Feature[] = [
  { name: "Ferry Building", location: { latitude: 377_955_000, longitude: -1_223_937_000 } },
  { name: "Coit Tower", location: { latitude: 378_024_000, longitude: -1_224_058_000 } },
  { name: "Golden Gate Bridge", location: { latitude: 378_199_000, longitude: -1_224_783_000 } },
  { name: "Twin Peaks", location: { latitude: 377_544_000, longitude: -1_224_477_000 } },
  { name: "Oakland City Hall", location: { latitude: 378_054_000, longitude: -1_222_716_000 } },
];

/** Great-circle distance between two points, in metres (haversine). */
export function distanceMetres(a: Point, b: Point): number {
  const toRad = (v: number) => ((v / e7) * Math.PI) / 180;
  const dLat = toRad(b.latitude - a.latitude);
  const dLon = toRad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.latitude)) * Math.cos(toRad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return Math.round(6_371_000 * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h)));
}

/** A stable key for a point. */
export function pointKey(p: Point | undefined): string {
  return `${p?.latitude ?? 0},${p?.longitude ?? 0}`;
}
