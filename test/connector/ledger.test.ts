// What one provider process learns during a run, so the steps of one run do not undo each other.
import { strict as assert } from "node:assert";
import { RunLedger } from "../../provider/connector/ledger";
import type { ConnectorOutputs } from "../../provider/connector/mapping";
import { shopifyChecked } from "../support/connector-inputs";

const UK = { system: "shopify", environment: "live", companyGroup: "uk" };
const FR = { ...UK, companyGroup: "fr" };

function outputs(overrides: Partial<ConnectorOutputs> = {}): ConnectorOutputs {
    return {
        ...shopifyChecked(),
        connectorId: "sc_1",
        status: "operational",
        createdAt: "2025-01-01T00:00:00Z",
        updatedAt: "2025-01-01T00:00:00Z",
        ...overrides,
    };
}

describe("RunLedger", () => {
    describe("keys a check saw in the state and in the program", () => {
        const rows: { title: string; before: typeof UK; after: typeof UK; vacated: (typeof UK)[]; untouched: (typeof UK)[] }[] = [
            { title: "the key stays (an authType change or an update)", before: UK, after: UK, vacated: [], untouched: [UK, FR] },
            {
                title: "the key stays, spelled another way",
                before: UK,
                after: { ...UK, companyGroup: " UK " },
                vacated: [],
                untouched: [UK, FR],
            },
            { title: "the key moves", before: UK, after: FR, vacated: [UK, { ...UK, companyGroup: "Uk" }], untouched: [FR] },
            {
                title: "moves to the default group",
                before: UK,
                after: { ...UK, companyGroup: null as never },
                vacated: [UK],
                untouched: [{ ...UK, companyGroup: "" }],
            },
        ];
        for (const row of rows) {
            it(row.title, () => {
                const ledger = new RunLedger();
                ledger.noteKeys(row.before, row.after);
                for (const key of row.vacated) assert.equal(ledger.isVacated(key), true, `vacated ${JSON.stringify(key)}`);
                for (const key of row.untouched) assert.equal(ledger.isVacated(key), false, `untouched ${JSON.stringify(key)}`);
            });
        }
    });

    it("knows the connector a replace under the same key is for, and no other", () => {
        const ledger = new RunLedger();
        assert.equal(ledger.isBeingReplaced(UK, "sc_1"), false);
        ledger.noteReplacing(UK, "sc_1");
        assert.equal(ledger.isBeingReplaced({ ...UK, companyGroup: " uk " }, "sc_1"), true, "keys compare as the API does");
        assert.equal(ledger.isBeingReplaced(UK, "sc_2"), false, "another connector with the key is not the one being replaced");
        assert.equal(ledger.isBeingReplaced(FR, "sc_1"), false);
    });
    it("remembers the connectors adopted in this run, by id", () => {
        const ledger = new RunLedger();
        ledger.noteAdopted("sc_1");
        assert.equal(ledger.wasAdopted("sc_1"), true);
        assert.equal(ledger.wasAdopted("sc_2"), false);
    });

    it("plans the adoption of an exact match by key, whatever the group's spelling", () => {
        const ledger = new RunLedger();
        ledger.planMatchingAdoption(UK, "sc_left");
        assert.equal(ledger.plannedAdoption({ ...UK, companyGroup: " UK " }), "sc_left");
        assert.equal(ledger.plannedAdoption(FR), undefined);
    });

    it("hands a connector deleted in this run back once, by key, so it is restored at most once", () => {
        const ledger = new RunLedger();
        const deleted = outputs();
        ledger.noteDeleted(deleted);
        assert.equal(ledger.takeDeleted(FR), undefined);
        assert.deepEqual(ledger.takeDeleted({ ...UK, companyGroup: "UK" }), deleted);
        assert.equal(ledger.takeDeleted(UK), undefined);
    });
});
