import { defaultFeatures } from "./features.js";
import type { RouteGuideClient } from "./gen/routeguide/route_guide.h2rpc.js";

/** One call of each kind against a route guide; returns lines describing what came back. */
export async function tour(client: RouteGuideClient): Promise<string[]> {
  const lines: string[] = [];
  const ferry = defaultFeatures[0]?.location;
  const feature = await client.getFeature(ferry ?? {}, { timeoutMs: 2000 });
  lines.push(`GetFeature: ${feature.name}`);

  const inCity = {
    lo: { latitude: 377_500_000, longitude: -1_225_000_000 },
    hi: { latitude: 378_100_000, longitude: -1_223_500_000 },
  };
  for await (const f of client.listFeatures(inCity)) lines.push(`ListFeatures: ${f.name}`);

  const route = defaultFeatures.slice(0, 3).map((f) => f.location ?? {});
  const summary = await client.recordRoute(route);
  lines.push(`RecordRoute: ${summary.pointCount} points, ${summary.featureCount} features, ${summary.distance} m`);

  const here = { latitude: 1, longitude: 1 };
  async function* notes() {
    yield { location: here, message: "first" };
    yield { location: here, message: "second" };
  }
  for await (const n of client.routeChat(notes())) lines.push(`RouteChat: ${n.message}`);
  return lines;
}
