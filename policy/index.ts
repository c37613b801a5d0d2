// The Patchworks policy pack: `pulumi preview --policy-pack <this directory>`. The engine runs the
// compiled copy of this file (policy/package.json "main"), which serves the policies over gRPC.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("patchworks", {
    description:
        "Patchworks service connectors and services: one live and one test connector per system per company group " +
        "(mandatory), no test connector on the live connector's credentials (advisory), and no test connector under " +
        "a live service (mandatory).",
    policies,
});
