// What a Service's preview asks the account (CONTRACT 5, 7): the template, the source's filter
// fields, the subscription's allowance, shared mapping documents, adopt; and the bundled catalog
// under patchworks:catalogValidation when the account cannot answer.
import { strict as assert } from "node:assert";
import { ServiceAccount } from "../../provider/service/account";
import { catalogValidationOf, checkAgainstAccount, type CatalogValidation } from "../../provider/service/account-check";
import type { CheckFailure, ServiceInputs } from "../../provider/service/types";
import { apiError, exampleInputs, fakeClient, serviceWire, templateWire } from "./fixtures";

interface Account {
    templates?: unknown[] | "down";
    services?: unknown[];
    subscription?: unknown;
    filterFields?: unknown[];
}

function account(answers: Account = {}) {
    const client = fakeClient({
        "GET /service-templates": () => {
            if (answers.templates === "down") throw apiError(503, "Service Unavailable");
            return { body: { data: answers.templates ?? [templateWire(4)] } };
        },
        "GET /services": () => ({ body: { data: answers.services ?? [], meta: { last_page: 1 } } }),
        "GET /company-subscriptions": () => ({ body: answers.subscription ?? { data: [] } }),
        "GET /filter-fields": () => ({ body: { data: answers.filterFields ?? [], meta: { last_page: 1 } } }),
    });
    return new ServiceAccount(client);
}

async function check(
    inputs: ServiceInputs,
    options: { account?: ServiceAccount; olds?: { serviceId?: string; active?: boolean }; mode?: CatalogValidation } = {},
) {
    const failures: CheckFailure[] = [];
    const warnings: string[] = [];
    await checkAgainstAccount(
        {
            account: "account" in options ? options.account : account(),
            diagnose: async (_severity, message) => {
                warnings.push(message);
            },
            catalogValidation: options.mode ?? "strict",
        },
        inputs,
        options.olds ?? {},
        failures,
    );
    return { failures, warnings, inputs };
}

const ordersFields = [
    {
        key: "financial_status",
        name: "Financial status",
        filter_types: [{ key: "string", filter_operators: [{ key: "=" }, { key: "!=" }] }],
        filter_operators: [],
    },
    {
        key: "created_at_min",
        name: "Created after",
        filter_types: [{ key: "TIME", filter_operators: [{ key: ">" }, { key: "<" }] }],
        filter_operators: [],
    },
    { key: "total", name: "Total", filter_types: [{ key: "double", filter_operators: [{ key: ">" }] }], filter_operators: [] },
];

describe("service account check", () => {
    it("passes the contract's example and fills the template's defaults for a new service only", async () => {
        const fresh = await check(
            exampleInputs((i) => delete i.source.pageSize),
            { account: account({ filterFields: ordersFields }) },
        );
        assert.deepEqual(fresh.failures, []);
        assert.equal(fresh.inputs.source.pageSize, 25);
        const existing = await check(
            exampleInputs((i) => delete i.source.pageSize),
            { olds: { serviceId: "41", active: true } },
        );
        assert.equal(existing.inputs.source.pageSize, undefined, "an existing service keeps its own");
    });

    it("fails a pair the account has no template for, on the entity to fix", async () => {
        const { failures } = await check(exampleInputs((i) => (i.source.entity = "Refunds")));
        assert.deepEqual(failures, [
            {
                property: "source.entity",
                reason: "source.entity: Patchworks has no service template from Shopify Refunds in this account; source.entity takes one of: Orders",
            },
        ]);
    });

    const filterCases: [string, ServiceInputs["filters"], string[], RegExp?][] = [
        [
            "a field the source lacks",
            [{ field: "colour", operator: "=", value: "red" }],
            ["filters[0].field"],
            /is not a filter field of Shopify Orders; use one of "financial_status", "created_at_min", "total"/,
        ],
        [
            "an operator the field does not take",
            [{ field: "financial_status", operator: ">", value: "paid" }],
            ["filters[0].operator"],
            /does not apply to field financial_status; use one of "=", "!="/,
        ],
        [
            "a type the field does not have",
            [{ field: "total", operator: ">", type: "integer", value: "5" }],
            ["filters[0].type"],
            /is not a type of field total; use one of "double"/,
        ],
        [
            "a value that does not fit the field's own type",
            [{ field: "total", operator: ">", value: "lots" }],
            ["filters[0].value"],
            /must be a number for type double \(field total\)/,
        ],
        ["filters that fit", [{ field: "created_at_min", operator: ">", value: "-1 day" }], []],
    ];
    for (const [what, filters, properties, reason] of filterCases) {
        it(`filters: ${what}`, async () => {
            const { failures } = await check(
                exampleInputs((i) => (i.filters = filters)),
                { account: account({ filterFields: ordersFields }) },
            );
            assert.deepEqual(
                failures.map((f) => f.property),
                properties,
            );
            if (reason) assert.match(failures[0].reason, reason);
        });
    }

    const allowance: [
        string,
        { active?: boolean; olds?: { serviceId?: string; active?: boolean } },
        number,
        number | undefined,
        boolean,
    ][] = [
        ["activating at the limit", {}, 20, 20, false],
        ["activating below the limit", {}, 19, 20, true],
        ["an allowance the account does not tell", {}, 20, undefined, true],
        ["an inactive service at the limit", { active: false }, 20, 20, true],
        ["a service already active", { olds: { serviceId: "41", active: true } }, 20, 20, true],
        ["activating an existing inactive one at the limit", { olds: { serviceId: "41", active: false } }, 20, 20, false],
    ];
    for (const [what, options, active, allowed, ok] of allowance) {
        it(`subscription: ${what} ${ok ? "passes" : "fails with the numbers"}`, async () => {
            const summary = { usage: { active_services: active }, allowance: allowed === undefined ? {} : { services: allowed } };
            const { failures } = await check(
                exampleInputs((i) => (i.active = options.active ?? true)),
                { account: account({ subscription: { data: [], summary } }), olds: options.olds },
            );
            assert.deepEqual(
                failures.map((f) => f.property),
                ok ? [] : ["active"],
            );
            if (!ok)
                assert.match(
                    failures[0].reason,
                    /^active: the subscription allows 20 active services, 20 are active, so Patchworks refuses another/,
                );
        });
    }

    it("counts the activations this run's checks already plan", async () => {
        const shared = account({ subscription: { data: [], summary: { usage: { active_services: 19 }, allowance: { services: 20 } } } });
        assert.deepEqual((await check(exampleInputs(), { account: shared })).failures, []);
        assert.deepEqual((await check(exampleInputs(), { account: shared })).failures, [], "the same service checked again is not another");
        const { failures } = await check(
            exampleInputs((i) => (i.name = "Second")),
            { account: shared },
        );
        assert.match(
            failures[0].reason,
            /^active: the subscription allows 20 active services, 19 are active and this run activates 1 more/,
        );
    });

    it("a planned replacement of an active service does not count against the allowance", async () => {
        const shared = account({ subscription: { data: [], summary: { usage: { active_services: 20 }, allowance: { services: 20 } } } });
        const inputs = exampleInputs();
        shared.activations.noteReplacement("40", inputs);
        assert.deepEqual((await check(inputs, { account: shared })).failures, []);
    });

    it("two services of the stack sharing a document with different mappings fail, naming both", async () => {
        const shared = account();
        await check(exampleInputs(), { account: shared });
        const { failures } = await check(
            exampleInputs((i) => {
                i.name = "Magento orders to NetSuite";
                i.mappings = [{ destination: "x" }];
            }),
            { account: shared },
        );
        assert.deepEqual(failures, [
            {
                property: "mappings",
                reason:
                    'mappings: services "Magento orders to NetSuite" and "UK orders to NetSuite" share Patchworks\' mapping document ' +
                    "uk_store_netsuite_push_orders but declare different mappings; declare the same mappings in both, or leave them out of one",
            },
        ]);
    });

    it("warns when a create resets a document a service outside the stack uses; not for the stack's own", async () => {
        const outsider = serviceWire({ id: 12, description: "Legacy orders" });
        const stackOwn = serviceWire({ id: 13, description: "Ours" });
        const shared = account({ services: [outsider, stackOwn] });
        shared.declarations.noteStackService("13");
        const { warnings } = await check(exampleInputs(), { account: shared });
        assert.equal(warnings.length, 2, warnings.join("\n"));
        assert.match(
            warnings[0],
            /^creating service "UK orders to NetSuite" resets Patchworks' mapping document uk_store_shopify_pull_orders to the template's defaults, and service 12 \("Legacy orders"\) outside this stack uses it$/,
        );
        assert.match(warnings[1], /uk_store_netsuite_push_orders .* uses it; this stack writes its declared mappings back right after$/);
        const existing = await check(exampleInputs(), { account: shared, olds: { serviceId: "41", active: true } });
        assert.deepEqual(existing.warnings, [], "an update resets nothing");
    });

    it("adopt fails at preview when the group has no such service", async () => {
        const { failures } = await check(exampleInputs((i) => (i.adopt = true)));
        assert.deepEqual(
            failures.map((f) => f.property),
            ["adopt"],
        );
    });

    describe("when the account cannot answer, the bundled catalog does", () => {
        const toVeeqo = (i: ServiceInputs) => {
            i.destination.system = "veeqo";
            delete i.destination.systemId;
        };
        const modes: [CatalogValidation, "failure" | "warning" | "nothing"][] = [
            ["strict", "failure"],
            ["warn", "warning"],
            ["off", "nothing"],
        ];
        for (const [mode, outcome] of modes) {
            it(`${mode}: an unknown pair gives ${outcome}, naming the setting`, async () => {
                const { failures, warnings } = await check(exampleInputs(toVeeqo), { account: account({ templates: "down" }), mode });
                assert.equal(failures.length, outcome === "failure" ? 1 : 0, JSON.stringify(failures));
                assert.equal(warnings.length, outcome === "warning" ? 1 : 0);
                const text = failures[0]?.reason ?? warnings[0];
                if (text) assert.match(text, new RegExp(`patchworks:catalogValidation is ${mode}`));
            });
        }

        it("without any sign-in, the same", async () => {
            const { failures } = await check(exampleInputs(toVeeqo), { account: undefined });
            assert.match(failures[0].reason, /no Patchworks sign-in is configured/);
        });
    });

    it("reads patchworks:catalogValidation, strict unless warn or off", () => {
        assert.equal(catalogValidationOf({}), "strict");
        assert.equal(catalogValidationOf({ catalogValidation: "warn" }), "warn");
        assert.equal(catalogValidationOf({ catalogValidation: "off" }), "off");
    });
});
