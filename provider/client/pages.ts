// Laravel's paginated lists (fact sheet 3.0): `{data: [...], meta: {last_page, ...}}`, pages
// numbered from 1 in the `page` parameter. Wire modules list through this instead of paging themselves.
import { z } from "zod";
import type { PatchworksClient } from "./client";
import { parse } from "./decode";

/** Told after each page of a list is read (progress lines); `items` counts that page's. */
export type PageListener = (page: { page: number; lastPage: number; items: number }) => void;

const pageBody = z.object({
    data: z.array(z.unknown()),
    // An unpaginated answer has no meta: it is its own only page.
    meta: z.object({ last_page: z.number().int().nonnegative() }).optional(),
});

/** Every item of a paginated list, in the API's order, each page read once. */
export async function listAllPages<T>(
    client: Pick<PatchworksClient, "request">,
    path: string,
    query: Record<string, string>,
    decodeItem: (item: unknown) => T,
    onPage?: PageListener,
): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1, lastPage = 1; page <= lastPage; page++) {
        const result = await client.request({
            request: { method: "GET", path, query: { ...query, page: String(page) } },
            decode: (body) => {
                const { data, meta } = parse(pageBody, body, "page of a list");
                return { items: data.map(decodeItem), lastPage: meta?.last_page ?? 1 };
            },
        });
        items.push(...result.items);
        lastPage = result.lastPage;
        onPage?.({ page, lastPage, items: result.items.length });
    }
    return items;
}
