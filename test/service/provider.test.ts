// The Service's provider methods over the process's runtime: check asks the account once per
// process, and a diff that replaces an active service makes its replacement wait for the delete.
import { strict as assert } from "node:assert";
import type { PatchworksClient } from "../../provider/client";
import { Runtime, useRuntime } from "../../provider/runtime";
import { serviceAccount } from "../../provider/service/account";
import * as provider from "../../provider/service/provider";
import type { ServiceOutputs } from "../../provider/service/types";
import { resolveSettings } from "../../provider/settings";
import { exampleInputs, fakeClient, templateWire } from "./fixtures";

function withAccount() {
    const client = fakeClient({
        "GET /service-templates": () => ({ body: { data: [templateWire(4)] } }),
        "GET /services": () => ({ body: { data: [], meta: { last_page: 1 } } }),
        "GET /company-subscriptions": () => ({ body: { data: [] } }),
        "GET /filter-fields": () => ({ body: { data: [], meta: { last_page: 1 } } }),
    });
    const runtime = new Runtime(
        resolveSettings(() => undefined, {}),
        {
            client: client as unknown as PatchworksClient,
            diagnose: async () => {},
        },
    );
    useRuntime(runtime);
    return { client, account: serviceAccount(client as unknown as PatchworksClient) };
}

describe("service provider", () => {
    it("check reads the templates once per process, whatever the number of services", async () => {
        const { client } = withAccount();
        for (const name of ["One service", "Two service", "Three service"]) {
            const { failures } = await provider.check({}, exampleInputs((i) => (i.name = name)) as unknown as Record<string, unknown>);
            assert.deepEqual(failures, []);
        }
        assert.equal(client.sent.filter((s) => s.path === "/service-templates").length, 1);
    });

    it("check fails with the property path and the fix, before asking the account", async () => {
        const { client } = withAccount();
        const { failures } = await provider.check(
            {},
            exampleInputs((i) => (i.schedule = "sometimes")) as unknown as Record<string, unknown>,
        );
        assert.deepEqual(
            failures.map((f) => f.property),
            ["schedule"],
        );
        assert.equal(client.sent.length, 0);
    });

    it("a diff that replaces an active service by an active one plans the replacement to wait", async () => {
        const { account } = withAccount();
        const olds = { ...exampleInputs(), serviceId: "40" } as ServiceOutputs;
        const news = exampleInputs((i) => (i.source.pageSize = 100));
        const result = await provider.diff(olds, news);
        assert.deepEqual(result.replaces, ["source"]);
        assert.equal(account.activations.isPlannedReplacement(news), true);
        const inactive = exampleInputs((i) => {
            i.name = "Another service";
            i.source.pageSize = 200;
            i.active = false;
        });
        await provider.diff({ ...olds, name: "Another service" }, inactive);
        assert.equal(account.activations.isPlannedReplacement(inactive), false, "an inactive replacement has nothing to wait for");
    });
});
