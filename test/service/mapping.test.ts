import { strict as assert } from "node:assert";
import { serviceFromApi, serviceToApi, type RemoteService } from "../../provider/client/service-wire";
import { diffService } from "../../provider/service/diff";
import { toServiceFields, toServiceOutputs, toServicePatch } from "../../provider/service/mapping";
import { validateServiceInputs, type ServiceInputs } from "../../provider/service/validate";
import { contractExample, EXAMPLE_FIELDS, exampleWith, remoteFrom } from "./fixtures";

const inputs: ServiceInputs = validateServiceInputs(contractExample()).inputs;

describe("service mapping", () => {
    it("turns the inputs into the client's fields", () => {
        assert.deepEqual(toServiceFields(inputs), EXAMPLE_FIELDS);
    });

    it("sends null for what is left out: the API's default, or nothing", () => {
        const bare = validateServiceInputs(
            exampleWith((n) => {
                delete n.source.pageSize;
                delete n.source.maxAttempts;
                delete n.trigger;
                delete n.alerts;
                delete n.notes;
                n.active = false;
            }),
        ).inputs;
        const fields = toServiceFields(bare);
        assert.deepEqual(
            [fields.source.pageSize, fields.source.maxAttempts, fields.trigger, fields.alerts, fields.notes],
            [null, null, null, null, null],
        );
    });

    it("adds the service's id, environment, group, systems and timestamps to the outputs", () => {
        const outputs = toServiceOutputs(inputs, remoteFrom(toServiceFields(inputs)));
        assert.deepEqual(outputs, {
            ...inputs,
            serviceId: "9001",
            environment: "live",
            companyGroup: "uk",
            sourceSystem: "shopify",
            destinationSystem: "netsuite",
            createdAt: "2025-03-01T10:00:00Z",
            updatedAt: "2025-03-01T10:00:00Z",
        });
    });

    it("gives a webhook trigger's URL as webhookUrl", () => {
        const webhook = validateServiceInputs(exampleWith((n) => (n.trigger = { webhook: true }))).inputs;
        const outputs = toServiceOutputs(webhook, remoteFrom(toServiceFields(webhook)));
        assert.deepEqual(outputs.trigger, { webhook: true });
        assert.equal(outputs.webhookUrl, "https://webhooks.example/services/9001");
        assert.equal("webhookUrl" in toServiceOutputs(inputs, remoteFrom(toServiceFields(inputs))), false);
    });

    it("leaves companyGroup out for the default group", () => {
        const defaultGroup = validateServiceInputs(
            exampleWith((n) => {
                delete n.source.companyGroup;
                delete n.destination.companyGroup;
            }),
        ).inputs;
        const outputs = toServiceOutputs(defaultGroup, remoteFrom(toServiceFields(defaultGroup)));
        assert.equal("companyGroup" in outputs, false);
        assert.equal("companyGroup" in outputs.source, false);
    });

    it("is a no-op after a create: inputs -> API -> outputs diff to nothing", () => {
        for (const news of [
            contractExample(),
            exampleWith((n) => {
                n.trigger = { webhook: true };
                delete n.alerts;
                delete n.notes;
                delete n.source.pageSize;
            }),
        ]) {
            const checked = validateServiceInputs(news).inputs;
            const body = serviceToApi(toServiceFields(checked));
            // What the API stores: a webhook trigger gets its URL.
            const trigger = body.trigger?.type === "webhook" ? { type: "webhook", url: "https://webhooks.example/5" } : body.trigger;
            const remote = serviceFromApi({ ...body, trigger, id: 5, created_at: "t", updated_at: "t" });
            assert.deepEqual(diffService(toServiceOutputs(checked, remote), checked).changes, false);
        }
    });

    // Refresh: a change made in the dashboard shows in the outputs, and the next diff puts it back.
    const drift: { title: string; change: (remote: RemoteService) => void; path: string }[] = [
        { title: "name", change: (r) => (r.name = "Renamed in the dashboard"), path: "name" },
        { title: "type", change: (r) => (r.type = "sweeper"), path: "type" },
        { title: "active", change: (r) => (r.active = false), path: "active" },
        { title: "source connector", change: (r) => (r.source.connectorId = "999"), path: "source.connectorId" },
        { title: "source entity", change: (r) => (r.source.entity = "refunds"), path: "source.entity" },
        { title: "page size", change: (r) => (r.source.pageSize = 100), path: "source.pageSize" },
        { title: "page size cleared", change: (r) => (r.source.pageSize = null), path: "source.pageSize" },
        { title: "max attempts", change: (r) => (r.source.maxAttempts = 2), path: "source.maxAttempts" },
        { title: "source time zone", change: (r) => (r.source.timezone = "UTC"), path: "source.timezone" },
        { title: "destination connector", change: (r) => (r.destination.connectorId = "998"), path: "destination.connectorId" },
        { title: "destination entity", change: (r) => (r.destination.entity = "customers"), path: "destination.entity" },
        { title: "destination time zone", change: (r) => (r.destination.timezone = "Europe/Paris"), path: "destination.timezone" },
        { title: "schedule", change: (r) => (r.trigger = { schedule: "0 * * * *" }), path: "trigger" },
        { title: "trigger removed", change: (r) => (r.trigger = null), path: "trigger" },
        { title: "a filter value", change: (r) => (r.filters[0].value = "pending"), path: "filters" },
        { title: "a filter added", change: (r) => r.filters.push({ field: "x", operator: "equals", value: "y" }), path: "filters" },
        { title: "a mapping's source", change: (r) => (r.mappings[0].sourceField = "contact_email"), path: "mappings" },
        { title: "a transform argument", change: (r) => (r.mappings[1].transforms[0].args.format = "d/m/Y"), path: "mappings" },
        { title: "a mapping removed", change: (r) => r.mappings.pop(), path: "mappings" },
        { title: "alerts", change: (r) => (r.alerts = { notificationGroup: "night-shift" }), path: "alerts" },
        { title: "alerts off", change: (r) => (r.alerts = null), path: "alerts" },
        { title: "notes", change: (r) => (r.notes = "edited"), path: "notes" },
        { title: "notes cleared", change: (r) => (r.notes = null), path: "notes" },
    ];
    for (const row of drift) {
        it(`reports drift in ${row.title}, which the next diff corrects`, () => {
            const remote = remoteFrom(toServiceFields(inputs));
            row.change(remote);
            const outputs = toServiceOutputs(inputs, remote);
            assert.notDeepEqual(
                outputs,
                toServiceOutputs(inputs, remoteFrom(toServiceFields(inputs))),
                "the outputs show the remote value",
            );
            const diff = diffService(outputs, inputs);
            assert.deepEqual([...diff.replacePaths, ...diff.updatePaths], [row.path]);
        });
    }

    it("keeps the connector key fields and adopt from the inputs: the API does not return them", () => {
        const adopted = { ...inputs, adopt: true };
        const outputs = toServiceOutputs(adopted, remoteFrom(toServiceFields(adopted)));
        assert.equal(outputs.adopt, true);
        assert.deepEqual([outputs.source.system, outputs.source.environment, outputs.source.companyGroup], ["shopify", "live", "uk"]);
        assert.deepEqual(
            [outputs.destination.system, outputs.destination.environment, outputs.destination.companyGroup],
            ["netsuite", "live", "uk"],
        );
    });

    describe("toServicePatch", () => {
        const news = validateServiceInputs(
            exampleWith((n) => {
                n.name = "New name";
                n.source.pageSize = 100;
                delete n.alerts;
                n.notes = "new notes";
            }),
        ).inputs;
        const fields = toServiceFields(news);

        const rows: { changed: string[]; patch: object }[] = [
            { changed: [], patch: {} },
            { changed: ["name"], patch: { name: "New name" } },
            { changed: ["source.pageSize"], patch: { source: fields.source } },
            { changed: ["source"], patch: { source: fields.source } },
            { changed: ["destination.timezone"], patch: { destination: fields.destination } },
            { changed: ["alerts"], patch: { alerts: null } },
            { changed: ["notes", "active"], patch: { notes: "new notes", active: true } },
            {
                changed: ["trigger", "filters", "mappings"],
                patch: { trigger: fields.trigger, filters: fields.filters, mappings: fields.mappings },
            },
            { changed: ["adopt"], patch: {} },
            { changed: ["source.companyGroup", "destination.system", "source.environment"], patch: {} },
        ];
        for (const row of rows) {
            it(`${JSON.stringify(row.changed)} -> ${Object.keys(row.patch).join(", ") || "nothing"}`, () => {
                assert.deepEqual(toServicePatch(news, row.changed), row.patch);
            });
        }

        it("patches what the diff found, and nothing else", () => {
            const olds = toServiceOutputs(inputs, remoteFrom(toServiceFields(inputs)));
            const diff = diffService(olds, news);
            assert.deepEqual(diff.updatePaths, ["name", "source.pageSize", "alerts", "notes"]);
            assert.deepEqual(toServicePatch(news, diff.updatePaths), {
                name: "New name",
                source: fields.source,
                alerts: null,
                notes: "new notes",
            });
        });
    });
});
