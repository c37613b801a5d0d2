// The account verdict for a connector a run would create (CONTRACT section 3): adopt found / not
// found / the wrong authType, a stranger with the key, the run ledger's kept and vacated keys, and
// recovery by adopt-matching; each message true, naming the connector and every remedy.
import { strict as assert } from "node:assert";
import { unknownValue } from "@pulumi/pulumi/runtime";
import { MASK } from "../../provider/catalog";
import type { RemoteConnector } from "../../provider/client";
import {
    accountVerdict,
    adoptionChanges,
    companyGroupProblem,
    describeRemote,
    differencesFrom,
    keyOf,
    type AccountContext,
    type AccountVerdict,
} from "../../provider/connector/account";
import { RunLedger } from "../../provider/connector/ledger";
import type { ConnectorInputs } from "../../provider/connector/validate";
import { SHOPIFY_TOKEN, shopifyChecked, shopifyRemote } from "../support/connector-inputs";
import { assertNoSecret } from "./secrets";

const KEY = { system: "shopify", environment: "live", companyGroup: "uk" };

/**
 * A ledger that noted what a run saw: `replacing` names the connector a diff replaces under its
 * own key (an authType change), `vacated` keys are moved off.
 */
function context(options: { replacing?: string; vacated?: boolean; adoptMatching?: boolean } = {}): AccountContext {
    const ledger = new RunLedger();
    if (options.replacing) ledger.noteReplacing(KEY, options.replacing);
    if (options.vacated) ledger.noteKeys(KEY, { ...KEY, companyGroup: "fr" });
    return { ledger, adoptMatching: options.adoptMatching ?? false };
}

function failure(verdict: AccountVerdict): { property: string; reason: string } {
    assert.equal(verdict.kind, "failure", JSON.stringify(verdict));
    return (verdict as Extract<AccountVerdict, { kind: "failure" }>).failure;
}

/** A connector made in the dashboard: same key, its own name and settings. */
const stranger = shopifyRemote({ id: "sc_dash", name: "Made in the dashboard", timezone: "Europe/London" });
/** What an interrupted `up` of this declaration left behind: identical, secrets masked. */
const leftover = shopifyRemote({ id: "sc_left" });

describe("accountVerdict", () => {
    it("takes another connector with the key for a stranger even while this stack replaces its own (one an interrupted run left)", () => {
        const verdict = accountVerdict([leftover], shopifyChecked(), context({ replacing: "sc_already_deleted" }));
        assert.match(failure(verdict).reason, /an interrupted `pulumi up` of this stack may have created it/);
        const recovering = accountVerdict([leftover], shopifyChecked(), context({ replacing: "sc_already_deleted", adoptMatching: true }));
        assert.equal(recovering.kind, "adopt-matching");
    });

    describe("clear", () => {
        const rows: { title: string; existing: RemoteConnector[]; inputs: ConnectorInputs; context?: AccountContext }[] = [
            { title: "an empty account", existing: [], inputs: shopifyChecked() },
            { title: "another company group", existing: [shopifyRemote({ companyGroup: "fr" })], inputs: shopifyChecked() },
            { title: "the default company group", existing: [shopifyRemote({ companyGroup: null })], inputs: shopifyChecked() },
            { title: "another environment", existing: [shopifyRemote({ environment: "test" })], inputs: shopifyChecked() },
            { title: "another system", existing: [shopifyRemote({ system: "magento-2" })], inputs: shopifyChecked() },
            // The engine checks a replacement again with no olds: the connector it replaces is not a stranger.
            {
                title: "the connector is the one this stack replaces under its own key (authType change)",
                existing: [stranger],
                inputs: shopifyChecked(),
                context: context({ replacing: stranger.id }),
            },
            { title: "a company group not known yet", existing: [stranger], inputs: { ...shopifyChecked(), companyGroup: unknownValue } },
            { title: "a system not known yet", existing: [stranger], inputs: { ...shopifyChecked(), system: unknownValue } },
            {
                title: "an environment not known yet",
                existing: [stranger],
                inputs: { ...shopifyChecked(), environment: unknownValue as never },
            },
            {
                title: "adopt not known yet, with a connector",
                existing: [stranger],
                inputs: { ...shopifyChecked(), adopt: unknownValue as never },
            },
            { title: "adopt not known yet, without one", existing: [], inputs: { ...shopifyChecked(), adopt: unknownValue as never } },
        ];
        for (const row of rows) {
            it(row.title, () => {
                assert.deepEqual(accountVerdict(row.existing, row.inputs, row.context ?? context()), { kind: "clear" });
            });
        }
    });

    describe("a stranger with this key", () => {
        it("says a connector with this key exists, names it and both remedies, aliases and adopt", () => {
            const { property, reason } = failure(
                accountVerdict([shopifyRemote({ id: "sc_other", companyGroup: "fr" }), stranger], shopifyChecked(), context()),
            );
            assert.equal(property, "adopt");
            assert.match(
                reason,
                /^a connector with this key exists in the Patchworks account: sc_dash \("Made in the dashboard"\), the live shopify connector in company group "uk"\./,
            );
            assert.match(
                reason,
                /If you renamed this Connector, add the resource option aliases: \[\{ name: "<its previous resource name>" \}\] so Pulumi keeps sc_dash/,
            );
            assert.match(
                reason,
                /a Connector declared without name names its connector after it, so if sc_dash was made that way, it is "Made in the dashboard"/,
            );
            assert.match(reason, /If sc_dash was made outside this stack .* set adopt: true on this Connector to take sc_dash over/);
            assert.match(reason, /Or use another companyGroup\./);
        });

        it("matches the company group trimmed and case-insensitively", () => {
            const existing = [shopifyRemote({ id: "sc_caps", companyGroup: " UK " })];
            assert.match(failure(accountVerdict(existing, shopifyChecked(), context())).reason, /sc_caps/);
        });

        it("claims no interrupted run when the connector differs from the declaration", () => {
            const { reason } = failure(accountVerdict([stranger], shopifyChecked(), context()));
            assert.doesNotMatch(reason, /interrupted|ADOPT_MATCHING|adoptMatching/);
            // What the issue found false: the stack may well manage it under another name.
            assert.doesNotMatch(reason, /does not manage/);
        });

        it("names the interrupted run and the one command that recovers, for an exact match only", () => {
            const { reason } = failure(accountVerdict([leftover], shopifyChecked(), context()));
            assert.match(reason, /It matches this declaration exactly, so an interrupted `pulumi up` of this stack may have created it/);
            assert.match(reason, /`pulumi refresh --clear-pending-creates`/);
            assert.match(reason, /`PATCHWORKS_ADOPT_MATCHING=true pulumi up` \(or set patchworks:adoptMatching\)/);
            assert.match(reason, /aliases: \[\{ name: "<its previous resource name>" \}\]/, "the other remedies stay");
        });

        it("hands the key over when another Connector of this stack moves off it in this run", () => {
            const { property, reason } = failure(accountVerdict([leftover], shopifyChecked(), context({ vacated: true })));
            assert.equal(property, "adopt");
            assert.match(reason, /^a connector with this key exists in the Patchworks account: sc_left \("Shopify UK"\)/);
            assert.match(reason, /Another Connector of this stack moves off this key in this run/);
            assert.match(reason, /Pulumi deletes its old connector only at the end of the run/);
            assert.match(
                reason,
                /To hand sc_left over to this Connector, set adopt: true on it: sc_left is then kept and managed by this Connector/,
            );
            assert.doesNotMatch(reason, /interrupted|aliases/);
        });

        it("never shows a credential value", () => {
            const remote = shopifyRemote({ credentials: { storeUrl: "dashboard-store.myshopify.com", accessToken: MASK } });
            const { reason } = failure(accountVerdict([remote], shopifyChecked(), context()));
            assertNoSecret(reason, [SHOPIFY_TOKEN, "my-store.myshopify.com", "dashboard-store.myshopify.com", MASK], "the advice");
        });
    });

    describe("adopt-matching (patchworks:adoptMatching)", () => {
        it("adopts an exact match instead of failing", () => {
            assert.deepEqual(accountVerdict([leftover], shopifyChecked(), context({ adoptMatching: true })), {
                kind: "adopt-matching",
                remote: leftover,
            });
        });

        const notExact: [string, RemoteConnector][] = [
            ["another name", shopifyRemote({ name: "Other" })],
            ["another timezone", shopifyRemote({ timezone: "Europe/Paris" })],
            ["another date format", shopifyRemote({ dateFormat: "dd/MM/yyyy" })],
            ["another store", shopifyRemote({ credentials: { storeUrl: "other.myshopify.com", accessToken: MASK } })],
            ["a secret the API does not show set", shopifyRemote({ credentials: { storeUrl: "my-store.myshopify.com" } })],
        ];
        for (const [title, remote] of notExact) {
            it(`fails, as without the setting, for ${title}`, () => {
                assert.equal(failure(accountVerdict([remote], shopifyChecked(), context({ adoptMatching: true }))).property, "adopt");
            });
        }

        it("is not needed without a match", () => {
            assert.deepEqual(accountVerdict([], shopifyChecked(), context({ adoptMatching: true })), { kind: "clear" });
        });
    });

    describe("adopt: true", () => {
        it("takes over the connector with the key, saying what adopting it changes", () => {
            const inputs = shopifyChecked({ adopt: true, dateFormat: "dd/MM/yyyy" });
            const verdict = accountVerdict([stranger], inputs, context());
            assert.deepEqual(verdict, {
                kind: "adopt",
                remote: stranger,
                changes: [
                    'name "Made in the dashboard" -> "Shopify UK"',
                    'dateFormat "yyyy-MM-dd HH:mm:ss" -> "dd/MM/yyyy"',
                    "credentials replaced with the declared ones (accessToken, storeUrl)",
                ],
            });
        });

        it("changes nothing when nothing is declared", () => {
            const inputs: ConnectorInputs = {
                system: "shopify",
                environment: "live",
                companyGroup: "uk",
                authType: "token",
                adopt: true,
                credentialsChanged: [],
            };
            assert.deepEqual(accountVerdict([stranger], inputs, context()), { kind: "adopt", remote: stranger, changes: [] });
        });

        it("fails at adopt when there is nothing to take over", () => {
            const { property, reason } = failure(
                accountVerdict([shopifyRemote({ companyGroup: "fr" })], shopifyChecked({ adopt: true }), context()),
            );
            assert.equal(property, "adopt");
            assert.match(
                reason,
                /^adopt is true, but the Patchworks account has no live shopify connector in company group "uk" to take over\./,
            );
            assert.match(reason, /Create \(or authorise\) it in the Patchworks dashboard first, or remove adopt to let Pulumi create it\./);
        });

        it("fails at authType, at preview, when the connector uses another one", () => {
            const remote = shopifyRemote({ id: "sc_legacy", name: "Legacy app", authType: "legacy" });
            const { property, reason } = failure(accountVerdict([remote], shopifyChecked({ adopt: true }), context()));
            assert.equal(property, "authType");
            assert.equal(
                reason,
                'cannot adopt connector sc_legacy ("Legacy app"): it uses authType "legacy", not "token"; declare authType: "legacy"',
            );
        });

        it("leaves the authType to the run when it is not known yet", () => {
            const remote = shopifyRemote({ authType: "legacy" });
            assert.equal(accountVerdict([remote], { ...shopifyChecked({ adopt: true }), authType: unknownValue }, context()).kind, "adopt");
        });

        it("adopts even a key this stack keeps or vacates (adopting needs no free key)", () => {
            assert.equal(accountVerdict([stranger], shopifyChecked({ adopt: true }), context({ replacing: stranger.id })).kind, "adopt");
            assert.equal(accountVerdict([stranger], shopifyChecked({ adopt: true }), context({ vacated: true })).kind, "adopt");
        });
    });
});

describe("companyGroupProblem", () => {
    const groups = (...names: string[]) => names.map((name, i) => ({ id: String(i + 1), name }));
    const FIX =
        "Add it to the company profile in the Patchworks dashboard first, or use one of those; omit companyGroup for the default group.";
    const many = Array.from({ length: 25 }, (_, i) => `g${i + 1}`);
    const rows: { title: string; profile: ReturnType<typeof groups>; group: string | undefined; reason?: string }[] = [
        { title: "the default group needs no profile entry", profile: groups(), group: undefined },
        { title: "a blank group is the default group", profile: groups(), group: "  " },
        { title: "a group on the profile", profile: groups("uk", "fr"), group: "uk" },
        { title: "a group on the profile, spelled another way", profile: groups("UK"), group: " uk " },
        {
            title: "a group the profile lacks",
            profile: groups("uk", "fr"),
            group: " Atlantis ",
            reason: `companyGroup "Atlantis" is not a company group of this Patchworks account (its groups are: uk, fr). ${FIX}`,
        },
        {
            title: "an empty profile",
            profile: groups(),
            group: "uk",
            reason: `companyGroup "uk" is not a company group of this Patchworks account (it has none yet). ${FIX}`,
        },
        {
            title: "a long profile, listed in part",
            profile: groups(...many),
            group: "atlantis",
            reason: `companyGroup "atlantis" is not a company group of this Patchworks account (its groups are: ${many.slice(0, 20).join(", ")} and 5 more). ${FIX}`,
        },
    ];
    for (const row of rows) {
        it(`${row.title}: ${row.reason ? "fails at companyGroup" : "fine"}`, () => {
            const problem = companyGroupProblem(row.profile, row.group);
            assert.deepEqual(problem, row.reason ? { property: "companyGroup", reason: row.reason } : undefined);
        });
    }
});

describe("adoptionChanges", () => {
    const rows: { title: string; inputs: Partial<ConnectorInputs>; changes: string[] }[] = [
        { title: "nothing declared", inputs: {}, changes: [] },
        {
            title: "the same values declared",
            inputs: { name: stranger.name, timezone: stranger.timezone, dateFormat: stranger.dateFormat },
            changes: [],
        },
        { title: "a name", inputs: { name: "New" }, changes: ['name "Made in the dashboard" -> "New"'] },
        { title: "a timezone", inputs: { timezone: "UTC" }, changes: ['timezone "Europe/London" -> "UTC"'] },
        { title: "a value not known yet", inputs: { name: unknownValue }, changes: [] },
        {
            title: "credentials, by key only",
            inputs: { credentials: { storeUrl: "x.myshopify.com", accessToken: SHOPIFY_TOKEN } },
            changes: ["credentials replaced with the declared ones (accessToken, storeUrl)"],
        },
        {
            title: "credentials not known yet",
            inputs: { credentials: unknownValue as never },
            changes: ["credentials replaced with the declared ones"],
        },
    ];
    for (const row of rows) {
        it(`${row.title}: ${JSON.stringify(row.changes)}`, () => {
            const inputs = {
                system: "shopify",
                environment: "live",
                authType: "token",
                adopt: true,
                credentialsChanged: [],
                ...row.inputs,
            } as ConnectorInputs;
            assert.deepEqual(adoptionChanges(stranger, inputs), row.changes);
        });
    }
});

describe("differencesFrom", () => {
    const rows: { title: string; remote: RemoteConnector; differences: string[] }[] = [
        { title: "what this declaration creates", remote: leftover, differences: [] },
        // Secret values come back masked: only whether they are set can be compared.
        {
            title: "another secret value, masked",
            remote: shopifyRemote({ credentials: { storeUrl: "my-store.myshopify.com", accessToken: MASK } }),
            differences: [],
        },
        { title: "another name", remote: shopifyRemote({ name: "Other" }), differences: ["name"] },
        { title: "another auth type", remote: shopifyRemote({ authType: "legacy" }), differences: ["authType"] },
        {
            title: "another non-secret value",
            remote: shopifyRemote({ credentials: { storeUrl: "other.myshopify.com", accessToken: MASK } }),
            differences: ["credentials.storeUrl"],
        },
        {
            title: "a secret not set",
            remote: shopifyRemote({ credentials: { storeUrl: "my-store.myshopify.com" } }),
            differences: ["credentials.accessToken"],
        },
        {
            title: "an extra field",
            remote: shopifyRemote({ credentials: { storeUrl: "my-store.myshopify.com", accessToken: MASK, apiVersion: "1" } }),
            differences: ["credentials.apiVersion"],
        },
    ];
    for (const row of rows) {
        it(`${row.title}: ${JSON.stringify(row.differences)}`, () => {
            assert.deepEqual(differencesFrom(row.remote, shopifyChecked()), row.differences);
        });
    }
});

describe("keyOf and describeRemote", () => {
    const rows: [string, Partial<ConnectorInputs>, object | undefined][] = [
        ["a known key", shopifyChecked(), { system: "shopify", environment: "live", companyGroup: "uk" }],
        [
            "the default group",
            { system: "shopify", environment: "live" },
            { system: "shopify", environment: "live", companyGroup: undefined },
        ],
        ["an unknown part", { ...shopifyChecked(), companyGroup: unknownValue }, undefined],
        ["no system (a hand-edited state)", { environment: "live" }, undefined],
        [
            "a group that is not a string (a hand-edited state)",
            { system: "shopify", environment: "live", companyGroup: 7 as never },
            undefined,
        ],
    ];
    for (const [title, inputs, key] of rows) {
        it(`keyOf: ${title}`, () => assert.deepEqual(keyOf(inputs), key));
    }

    it("describes a connector by id and name", () => {
        assert.equal(describeRemote({ id: "sc_1", name: "Shopify UK" }), 'sc_1 ("Shopify UK")');
    });
});
