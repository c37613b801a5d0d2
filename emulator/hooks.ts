// The webhook URL a service with a webhook trigger is given (`<emulator>/hooks/<service id>`):
// a POST to it is how a system would start the service. The emulator runs no services, so it
// answers as the receiver would and does nothing more. Outside /api/v1, like a real inbound
// endpoint: no API key, no injected faults, not in the request log.
import type { FastifyInstance } from "fastify";
import { ApiError } from "./errors";
import type { AccountStore } from "./store";

export function registerHooks(app: FastifyInstance, store: AccountStore): void {
    app.post<{ Params: { id: string } }>("/hooks/:id", async (request, reply) => {
        const { id } = request.params;
        const service = store.findService(id);
        if (service?.trigger?.type !== "webhook") {
            throw new ApiError(404, `no service with a webhook trigger has the id ${id}`);
        }
        if (!service.active) {
            throw new ApiError(409, `service ${id} is inactive, and inactive services do not run; activate it first`);
        }
        return reply.code(202).send({ message: `service ${id} was triggered` });
    });
}
