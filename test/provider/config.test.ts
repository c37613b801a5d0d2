import { strict as assert } from "node:assert";
import { DEFAULT_API_URL, resolveSettings } from "../../provider/config";

describe("provider settings", () => {
    const stack = (values: Record<string, string>) => (key: string) => values[key];

    const rows: {
        title: string;
        config: Record<string, string>;
        env: Record<string, string>;
        expected: Partial<ReturnType<typeof resolveSettings>>;
    }[] = [
        { title: "defaults to the public API", config: {}, env: {}, expected: { apiUrl: DEFAULT_API_URL, apiKey: undefined, allowInsecureHttp: false } },
        {
            title: "takes stack config before the environment",
            config: { "patchworks:apiUrl": "https://stack.example.com/api/v1", "patchworks:apiKey": "from-stack" },
            env: { PATCHWORKS_API_URL: "https://env.example.com/api/v1", PATCHWORKS_API_KEY: "from-env" },
            expected: { apiUrl: "https://stack.example.com/api/v1", apiKey: "from-stack" },
        },
        {
            title: "falls back to the environment",
            config: {},
            env: { PATCHWORKS_API_URL: "https://env.example.com/api/v1/", PATCHWORKS_ACCESS_TOKEN: "token-from-env" },
            expected: { apiUrl: "https://env.example.com/api/v1", accessToken: "token-from-env" },
        },
        {
            title: "treats an empty value as unset",
            config: { "patchworks:apiKey": "  " },
            env: { PATCHWORKS_API_KEY: "from-env" },
            expected: { apiKey: "from-env" },
        },
        { title: "reads allowInsecureHttp", config: { "patchworks:allowInsecureHttp": "true" }, env: {}, expected: { allowInsecureHttp: true } },
    ];
    for (const row of rows) {
        it(row.title, () => {
            const settings = resolveSettings(stack(row.config), row.env);
            for (const [key, value] of Object.entries(row.expected)) {
                assert.equal(settings[key as keyof typeof settings], value, key);
            }
        });
    }
});
