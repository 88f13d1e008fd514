import { Code, RpcError } from "h2rpc";
import { defaultFeatures, distanceMetres, pointKey } from "./features.js";
import type { RouteGuideServer } from "./gen/routeguide/route_guide.h2rpc.js";
import type { Feature, Point, RouteNote } from "./gen/routeguide/route_guide.js";

/** The route guide over a fixed list of features; notes are kept in memory per location. */
export function createRouteGuide(features: readonly Feature[] = defaultFeatures): RouteGuideServer {
  const byPoint = new Map(features.map((f) => [pointKey(f.location), f]));
  const notes = new Map<string, RouteNote[]>();
  const featureAt = (p: Point) => byPoint.get(pointKey(p));

  return {
    getFeature(point) {
      return featureAt(point) ?? { name: "", location: point };
    },

    async *listFeatures(rect, context) {
      if (rect.lo === undefined || rect.hi === undefined) {
        throw new RpcError(Code.INVALID_ARGUMENT, "A rectangle needs both lo and hi corners");
      }
      const [latLo, latHi] = [rect.lo.latitude, rect.hi.latitude].sort((a, b) => a - b) as [number, number];
      const [lonLo, lonHi] = [rect.lo.longitude, rect.hi.longitude].sort((a, b) => a - b) as [number, number];
      for (const f of features) {
        if (context.signal.aborted) return;
        const l = f.location;
        if (l && l.latitude >= latLo && l.latitude <= latHi && l.longitude >= lonLo && l.longitude <= lonHi) yield f;
      }
    },

    async recordRoute(points) {
      const started = Date.now();
      let pointCount = 0;
      let featureCount = 0;
      let distance = 0;
      let previous: Point | undefined;
      for await (const p of points) {
        pointCount++;
        if (featureAt(p)?.name) featureCount++;
        if (previous !== undefined) distance += distanceMetres(previous, p);
        previous = p;
      }
      return { pointCount, featureCount, distance, elapsedTime: Math.round((Date.now() - started) / 1000) };
    },

    async *routeChat(incoming) {
      for await (const note of incoming) {
        const key = pointKey(note.location);
        const here = notes.get(key) ?? [];
        for (const earlier of here) yield earlier;
        here.push(note);
        notes.set(key, here);
      }
    },
  };
}
