import { type MethodDefinition, methodKind, type ServiceDefinition } from "../core/definitions.js";
import type { AnyHandler } from "./run-handler.js";

/** A method the server can run: its definition and its handler. */
export interface Route {
  /** The method definition. */
  readonly method: MethodDefinition<unknown, unknown>;
  /** The user's handler, bound to its implementation object. */
  readonly handler: AnyHandler;
}

/** Maps `:path` to routes; services are added whole. */
export class Router {
  readonly #routes = new Map<string, Route>();
  readonly #services = new Set<string>();

  /** Registers every method of `service`. @throws TypeError for a duplicate service or a missing handler. */
  add(service: ServiceDefinition, implementation: object): void {
    if (this.#services.has(service.fullName)) {
      throw new TypeError(`Service ${service.fullName} was already added to this server`);
    }
    const routes: Route[] = [];
    for (const [key, method] of Object.entries(service.methods)) {
      const handler = (implementation as Record<string, unknown>)[key];
      if (typeof handler !== "function") {
        throw new TypeError(
          `Implementation of ${service.fullName} has no function "${key}" for ${methodKind(method)} method ${method.name}`,
        );
      }
      routes.push({ method, handler: (handler as AnyHandler).bind(implementation) });
    }
    this.#services.add(service.fullName);
    for (const route of routes) this.#routes.set(route.method.path, route);
  }

  /** The route for `path`, if any. */
  find(path: string): Route | undefined {
    return this.#routes.get(path);
  }

  /** True when some service named `fullName` was added. */
  hasService(fullName: string): boolean {
    return this.#services.has(fullName);
  }

  /** Fully-qualified names of the added services. */
  serviceNames(): string[] {
    return [...this.#services];
  }
}
