// What every API route module gets: the account, and the signed-in user of each request (set by
// the server's authentication hook before any route runs).
import type { FastifyRequest } from "fastify";
import type { User } from "./access";
import type { Account } from "./account";

export interface ApiContext {
    readonly account: Account;
    readonly activeServiceLimit: number;
}

const users = new WeakMap<FastifyRequest, User>();

export function setUser(request: FastifyRequest, user: User): void {
    users.set(request, user);
}

export function currentUser(request: FastifyRequest): User {
    const user = users.get(request);
    if (!user) {
        throw new Error("an API route ran without the authentication hook");
    }
    return user;
}

/** Laravel's paginated envelope (fact sheet 3.0); `page` is 1-based. */
export function paginate<T>(items: readonly T[], request: FastifyRequest, perPage: number): Record<string, unknown> {
    const query = request.query as Record<string, string | undefined>;
    const page = Math.max(1, Number.parseInt(query.page ?? "1", 10) || 1);
    const lastPage = Math.max(1, Math.ceil(items.length / perPage));
    const data = items.slice((page - 1) * perPage, page * perPage);
    const path = request.url.split("?")[0];
    const link = (n: number) => `${path}?page=${n}`;
    return {
        data,
        links: {
            first: link(1),
            last: link(lastPage),
            prev: page > 1 ? link(page - 1) : null,
            next: page < lastPage ? link(page + 1) : null,
        },
        meta: {
            current_page: page,
            from: data.length > 0 ? (page - 1) * perPage + 1 : null,
            last_page: lastPage,
            path,
            per_page: perPage,
            to: data.length > 0 ? (page - 1) * perPage + data.length : null,
            total: items.length,
        },
    };
}

/** `perPage` where a route honours it (fact sheet 3.0), else the route's fixed size. */
export function perPageOf(request: FastifyRequest, fallback: number): number {
    const value = Number.parseInt((request.query as Record<string, string | undefined>).perPage ?? "", 10);
    return Number.isInteger(value) && value > 0 ? value : fallback;
}
