// The benchmark's command line: what each flag selects, and one line naming the mistake otherwise.
import { strict as assert } from "node:assert";
import { type Options, parseOptions } from "../../bench/options";

describe("npm run bench -- <flags>", () => {
    const accepted: { argv: string[]; expect: Partial<Options> }[] = [
        { argv: [], expect: { sizes: [10, 100, 500], serviceSizes: [10, 100], repeat: 3, budgetOnly: false, skipBudget: false } },
        { argv: ["--budget"], expect: { budgetOnly: true, budgetSize: 500, budgetServiceSize: 100 } },
        { argv: ["--budget", "--budget-size", "60", "--budget-service-size", "10"], expect: { budgetSize: 60, budgetServiceSize: 10 } },
        { argv: ["--skip-budget", "--sizes", "10", "--repeat", "1"], expect: { skipBudget: true, sizes: [10], repeat: 1 } },
        { argv: ["--quick"], expect: { quick: true, repeat: 1 } },
        { argv: ["--services", "--sizes", "4,8"], expect: { servicesOnly: true, serviceSizes: [4, 8] } },
    ];
    for (const { argv, expect } of accepted) {
        it(`reads ${argv.join(" ") || "no flags"}`, () => {
            const options = parseOptions(argv);
            for (const [key, value] of Object.entries(expect)) assert.deepEqual(options[key as keyof Options], value, key);
        });
    }

    const refused: { argv: string[]; message: RegExp }[] = [
        { argv: ["--budget", "--services"], message: /pick one/ },
        { argv: ["--skip-budget", "--budget"], message: /pick one|--skip-budget/ },
        { argv: ["--skip-budget", "--quick"], message: /--skip-budget is for a full run/ },
        { argv: ["--service-sizes", "3"], message: /must be even, not 3/ },
        { argv: ["--budget-size", "0"], message: /--budget-size takes a positive integer/ },
        { argv: ["--sizes", "ten"], message: /--sizes takes positive integers/ },
        { argv: ["--bogus"], message: /'--bogus'.*usage: npm run bench/ },
        { argv: ["--before-label", "x"], message: /--before-label needs --before FILE/ },
    ];
    for (const { argv, message } of refused) {
        it(`refuses ${argv.join(" ")} in one line`, () => {
            assert.throws(
                () => parseOptions(argv),
                (error: Error) => message.test(error.message) && !error.message.includes("\n"),
            );
        });
    }
});
