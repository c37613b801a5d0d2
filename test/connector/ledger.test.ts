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
        const rows: {
            title: string;
            before: typeof UK;
            after: typeof UK;
            kept: (typeof UK)[];
            vacated: (typeof UK)[];
            neither: (typeof UK)[];
        }[] = [
            { title: "the key stays (an authType change or an update)", before: UK, after: UK, kept: [UK], vacated: [], neither: [FR] },
            {
                title: "the key stays, spelled another way",
                before: UK,
                after: { ...UK, companyGroup: " UK " },
                kept: [UK, { ...UK, companyGroup: "Uk" }],
                vacated: [],
                neither: [FR],
            },
            { title: "the key moves", before: UK, after: FR, kept: [], vacated: [UK], neither: [FR] },
            {
                title: "moves to the default group",
                before: UK,
                after: { ...UK, companyGroup: null as never },
                kept: [],
                vacated: [UK],
                neither: [{ ...UK, companyGroup: "" }],
            },
        ];
        for (const row of rows) {
            it(row.title, () => {
                const ledger = new RunLedger();
                ledger.noteKeys(row.before, row.after);
                for (const key of row.kept)
                    assert.deepEqual([ledger.isKept(key), ledger.isVacated(key)], [true, false], `kept ${JSON.stringify(key)}`);
                for (const key of row.vacated)
                    assert.deepEqual([ledger.isKept(key), ledger.isVacated(key)], [false, true], `vacated ${JSON.stringify(key)}`);
                for (const key of row.neither)
                    assert.deepEqual([ledger.isKept(key), ledger.isVacated(key)], [false, false], `untouched ${JSON.stringify(key)}`);
            });
        }

        it("knows nothing before any check", () => {
            const ledger = new RunLedger();
            assert.equal(ledger.isKept(UK) || ledger.isVacated(UK), false);
        });
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
