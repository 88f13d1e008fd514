// Starts the route guide on a free port, takes the tour (one call of each kind), prints it, exits.
import { createChannel, createServer } from "h2rpc";
import { createRouteGuideClient, RouteGuideService } from "./gen/routeguide/route_guide.h2rpc.js";
import { createRouteGuide } from "./route-guide-service.js";
import { tour } from "./tour.js";

const server = createServer().add(RouteGuideService, createRouteGuide());
const port = await server.listen("127.0.0.1:0");
const channel = createChannel(`127.0.0.1:${port}`);
for (const line of await tour(createRouteGuideClient(channel))) console.log(line);
channel.close();
await server.close();
