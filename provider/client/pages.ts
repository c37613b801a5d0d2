// Laravel's paginated lists ({data, meta: {last_page}}), read page by page. Stand-in with the
// signature agreed in plan/interfaces.md: the core helper owns this file; the merge keeps its version.
import { z } from "zod";
import type { PatchworksClient } from "./client";
import { parse } from "./decode";

const page = z.object({ data: z.array(z.unknown()), meta: z.object({ last_page: z.number() }).partial().optional() });

export async function listAllPages<T>(
    client: Pick<PatchworksClient, "request">,
    path: string,
    query: Record<string, string>,
    decodeItem: (item: unknown) => T,
): Promise<T[]> {
    const items: T[] = [];
    for (let current = 1, last = 1; current <= last; current++) {
        const answer = await client.request({
            request: { method: "GET", path, query: { ...query, page: String(current) } },
            decode: (body) => parse(page, body, "page of a list"),
        });
        items.push(...answer.data.map(decodeItem));
        last = answer.meta?.last_page ?? current;
    }
    return items;
}
