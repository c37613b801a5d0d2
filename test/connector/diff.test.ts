// Which changes replace a connector and in which order, which are patched in place, and which
// change nothing in Patchworks (CONTRACT section 4). `olds` are stored outputs, `news` checked inputs.
import { strict as assert } from "node:assert";
import { unknownValue } from "@pulumi/pulumi/runtime";
import { diffConnector, PATCH_PROPERTIES, REPLACE_PROPERTIES, type ConnectorDiff } from "../../provider/connector/diff";
import type { ConnectorInputs } from "../../provider/connector/validate";
import { SHOPIFY_TOKEN, shopifyChecked } from "../support/connector-inputs";

const STORE = "my-store.myshopify.com";
const olds: ConnectorInputs = shopifyChecked();
const adopted: ConnectorInputs = { ...olds, adopt: true };

type Expected = Pick<ConnectorDiff, "replaces" | "patches"> & { order?: "create-first" | "delete-first"; changes?: boolean };

interface Row {
    title: string;
    olds?: ConnectorInputs;
    change: Record<string, unknown>;
    expected: Expected;
}

function row(title: string, change: Record<string, unknown>, expected: Expected, from: ConnectorInputs = olds): Row {
    return { title, olds: from, change, expected };
}

const NOTHING: Expected = { replaces: [], patches: [], changes: false };

const rows: Row[] = [
    row("no change", {}, NOTHING),

    // Replaces: a new key is created first, so a failed create leaves the old connector in place.
    row("system", { system: "magento-2" }, { replaces: ["system"], patches: [], order: "create-first" }),
    row("environment", { environment: "test" }, { replaces: ["environment"], patches: [], order: "create-first" }),
    row("companyGroup", { companyGroup: "fr" }, { replaces: ["companyGroup"], patches: [], order: "create-first" }),
    row(
        "companyGroup removed (the default group)",
        { companyGroup: undefined },
        { replaces: ["companyGroup"], patches: [], order: "create-first" },
    ),
    row(
        "companyGroup added",
        { companyGroup: "fr" },
        { replaces: ["companyGroup"], patches: [], order: "create-first" },
        { ...olds, companyGroup: undefined },
    ),
    // The key stays: two connectors cannot share it, so the old one goes first.
    row("authType", { authType: "legacy" }, { replaces: ["authType"], patches: [], order: "delete-first" }),
    // Adopting needs no free key: the replacement takes over what exists.
    row("authType, adopting", { authType: "legacy", adopt: true }, { replaces: ["authType"], patches: [], order: "create-first" }),
    row(
        "authType and companyGroup",
        { authType: "legacy", companyGroup: "fr" },
        { replaces: ["companyGroup", "authType"], patches: [], order: "create-first" },
    ),
    row(
        "environment and a name",
        { environment: "test", name: "Shopify UK test" },
        { replaces: ["environment"], patches: ["name"], order: "create-first" },
    ),

    // Patches.
    row("name", { name: "Shopify United Kingdom" }, { replaces: [], patches: ["name"] }),
    row("timezone", { timezone: "Europe/London" }, { replaces: [], patches: ["timezone"] }),
    row("dateFormat", { dateFormat: "dd/MM/yyyy HH:mm" }, { replaces: [], patches: ["dateFormat"] }),
    row(
        "a rotated credential",
        { credentials: { storeUrl: STORE, accessToken: "shpat-rotated" } },
        { replaces: [], patches: ["credentials"] },
    ),
    row(
        "a non-secret credential",
        { credentials: { storeUrl: "moved.myshopify.com", accessToken: SHOPIFY_TOKEN } },
        { replaces: [], patches: ["credentials"] },
    ),
    row(
        "every patch property",
        { name: "N", timezone: "Europe/Paris", dateFormat: "dd/MM/yyyy", credentials: { storeUrl: STORE, accessToken: "x" } },
        {
            replaces: [],
            patches: ["name", "timezone", "dateFormat", "credentials"],
        },
    ),

    // Spellings that mean the same.
    row("companyGroup in another case, with blanks", { companyGroup: " UK " }, NOTHING),
    row("credentials in another key order", { credentials: { accessToken: SHOPIFY_TOKEN, storeUrl: STORE } }, NOTHING),

    // State only: recorded, nothing sent to Patchworks.
    row("adopt alone", { adopt: true }, { replaces: [], patches: [], changes: true }),
    row("adopt dropped", { adopt: false }, { replaces: [], patches: [], changes: true }, adopted),
    row("credentialsChanged alone", { credentialsChanged: ["accessToken"] }, NOTHING),

    // Adopt: what the program leaves out is Patchworks' own, not a change.
    row(
        "adopted, name/timezone/dateFormat/credentials left out",
        { name: undefined, timezone: undefined, dateFormat: undefined, credentials: undefined },
        NOTHING,
        adopted,
    ),
    row("adopted, a name declared anew", { name: "Declared" }, { replaces: [], patches: ["name"] }, adopted),
    row(
        "adopted, credentials declared anew",
        { credentials: { storeUrl: STORE, accessToken: "shpat-rotated" } },
        { replaces: [], patches: ["credentials"] },
        adopted,
    ),

    // Not known yet: planned as a change, in the safer order.
    row("system unknown", { system: unknownValue }, { replaces: ["system"], patches: [], order: "create-first" }),
    row("environment unknown", { environment: unknownValue }, { replaces: ["environment"], patches: [], order: "create-first" }),
    row("companyGroup unknown", { companyGroup: unknownValue }, { replaces: ["companyGroup"], patches: [], order: "create-first" }),
    row(
        "authType unknown (the key is known and stays)",
        { authType: unknownValue },
        { replaces: ["authType"], patches: [], order: "delete-first" },
    ),
    row(
        "authType and companyGroup unknown",
        { authType: unknownValue, companyGroup: unknownValue },
        { replaces: ["companyGroup", "authType"], patches: [], order: "create-first" },
    ),
    row("name unknown", { name: unknownValue }, { replaces: [], patches: ["name"] }),
    row("credentials unknown", { credentials: unknownValue }, { replaces: [], patches: ["credentials"] }),
    row(
        "one credential value unknown",
        { credentials: { storeUrl: STORE, accessToken: unknownValue } },
        { replaces: [], patches: ["credentials"] },
    ),
    row("adopt unknown", { adopt: unknownValue }, { replaces: [], patches: [], changes: true }),
];

describe("diffConnector", () => {
    it("replaces on the key and the auth type, patches the dashboard's settings", () => {
        assert.deepEqual([...REPLACE_PROPERTIES], ["system", "environment", "companyGroup", "authType"]);
        assert.deepEqual([...PATCH_PROPERTIES], ["name", "timezone", "dateFormat", "credentials"]);
    });

    for (const r of rows) {
        const { replaces, patches, order } = r.expected;
        const changes = r.expected.changes ?? replaces.length + patches.length > 0;
        const plan =
            replaces.length > 0
                ? `${order} replace of ${replaces.join(", ")}`
                : patches.length > 0
                  ? `patch ${patches.join(", ")}`
                  : changes
                    ? "a state-only change"
                    : "no change";
        it(`${r.title}: ${plan}`, () => {
            const news = { ...r.olds, ...r.change } as ConnectorInputs;
            for (const key of Object.keys(news) as (keyof ConnectorInputs)[]) if (news[key] === undefined) delete news[key];
            const result = diffConnector(r.olds as ConnectorInputs, news);
            assert.deepEqual(result.replaces, replaces);
            assert.deepEqual(result.patches, patches);
            assert.equal(result.changes, changes);
            assert.equal(result.deleteBeforeReplace, order === "delete-first");
        });
    }

    it("treats an explicit default as no change", () => {
        const implicit = shopifyChecked({ timezone: undefined, dateFormat: undefined });
        const explicit = shopifyChecked({ timezone: "UTC", dateFormat: "yyyy-MM-dd HH:mm:ss" });
        assert.equal(diffConnector(implicit, explicit).changes, false);
    });

    it("compares with stored outputs, which carry more than the inputs", () => {
        const outputs = {
            ...olds,
            connectorId: "sc_1",
            status: "operational",
            createdAt: "2025-01-01T00:00:00Z",
            updatedAt: "2025-01-02T00:00:00Z",
        };
        assert.deepEqual(diffConnector(outputs, olds), { changes: false, replaces: [], deleteBeforeReplace: false, patches: [] });
    });
});
