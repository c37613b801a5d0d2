// A stack written by a release from before the move to Fabric, upgraded to this one: refresh stops
// with one line of advice, and the advice, followed literally, ends in the state the user wants.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { execFile } from "node:child_process";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { Connector } from "../../sdk";
import { e2eWorld } from "../support/e2e-world";
import { failureOf, REPO_ROOT } from "../support/pulumi";

const run = promisify(execFile);
const PRE_FABRIC_ADAPTER = readFileSync(path.join(REPO_ROOT, "test/upgrade/fixtures/pre-fabric-connector.js"), "utf8");

describe("end to end: upgrading a stack from before the move to Fabric", function () {
    this.timeout(240_000);
    const world = e2eWorld();

    it("refresh names the step; `pulumi state delete` of the URN it prints, then `pulumi up`, makes the connector again", async () => {
        const program = async () => {
            new Connector("shop", {
                system: "shopify",
                environment: "live",
                companyGroup: "UK Store",
                name: "Shop",
                authType: "oauth2",
                credentials: { store: "upgrade.myshopify.com", access_token: "upgrade-e2e-token" },
            });
        };
        const { stack } = await world.newStack(program);
        await stack.up(world.output());

        // What the old release left: an id of the invented API and its adapter, and nothing in Patchworks.
        const deployment = await stack.exportStack();
        const resources = deployment.deployment.resources as {
            type: string;
            urn: string;
            id?: string;
            outputs?: Record<string, unknown>;
        }[];
        const shop = resources.find((r) => r.type === "pulumi-nodejs:dynamic/patchworks:Connector");
        assert.ok(shop?.outputs);
        const fabricId = shop.id as string;
        shop.id = "17";
        shop.outputs = { ...shop.outputs, connectorId: "17", __provider: PRE_FABRIC_ADAPTER };
        await stack.importStack(deployment);
        await world.api.request("DELETE", `/api/v2/connectors/${encodeURIComponent(fabricId)}`);

        const failure = await failureOf(stack.refresh(world.output()));
        assert.match(failure, /before its move to Patchworks' Fabric API/);

        // The advice, step by step, as a user at a terminal follows it.
        const workspace = stack.workspace as LocalWorkspace;
        const pulumi = (...args: string[]) =>
            run(workspace.pulumiCommand.command, [...args, "--stack", stack.name, "--non-interactive"], {
                cwd: workspace.workDir,
                env: { ...process.env, ...workspace.envVars },
            });
        const { stdout: listing } = await pulumi("stack", "--show-urns");
        const urn = /URN: (\S+::shop)\b/.exec(listing)?.[1];
        assert.equal(urn, shop.urn, `the Connector's URN in \`pulumi stack --show-urns\`:\n${listing}`);
        await pulumi("state", "delete", urn, "--yes");
        await stack.up(world.output());

        const made = (await world.api.connectors()).filter((c) => c.connector_name === "Shop");
        assert.equal(made.length, 1, "one connector, made as declared");
        await stack.preview({ expectNoChanges: true, ...world.output() });
        await stack.refresh({ ...world.output() });
    });
});
