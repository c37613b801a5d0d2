// The bench's program-error step: `pulumi preview` of a directory program that throws, beside the
// same program without the error. Wall time, and the peak memory of the program's own Node.js
// process (the SDK's runner, which our language host starts). Issue 15: reporting an uncaught
// error used to loop in Node's util.inspect for ~45 s and ~3.6 GB.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { RunningEmulator } from "../test/support/emulator";
import { createTestStack, failureOf, type TestStack } from "../test/support/pulumi";
import { SUCCEEDING_PROGRAM, THROWING_PROGRAMS, USER_ERROR, writeProgram, type DirectoryProgram } from "./error-programs";
import { median, type ProgramErrorResult } from "./report";

/** How often /proc is read for the runner's peak memory. */
export const SAMPLE_MS = 50;

/**
 * Samples the peak resident set (VmHWM) of the SDK runner running the program in `workDir`:
 * the node process whose command line names `cmd/run` and `--pwd=<workDir>`. VmHWM only grows,
 * so the last sample before the process exits is its peak (to within SAMPLE_MS of growth).
 */
function runnerPeakSampler(workDir: string): { stop(): number | null } {
    let peakKiB: number | null = null;
    const sample = () => {
        let pids: string[];
        try {
            pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
        } catch {
            return; // not Linux
        }
        for (const pid of pids) {
            try {
                const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
                if (!cmdline.includes("cmd/run") || !cmdline.includes(`\0--pwd=${workDir}\0`)) continue;
                const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
                if (hwm) peakKiB = Math.max(peakKiB ?? 0, Number(hwm[1]));
            } catch {
                // The process ended between listing and reading.
            }
        }
    };
    const timer = setInterval(sample, SAMPLE_MS);
    return {
        stop: () => {
            clearInterval(timer);
            return peakKiB === null ? null : peakKiB * 1024;
        },
    };
}

/** One preview; what the user saw ("succeeded" or the user's error), and whether that is what was expected. */
async function preview(testStack: TestStack, program: DirectoryProgram): Promise<{ outcome: string; expected: boolean }> {
    if (program.throwsAt === undefined) {
        try {
            await testStack.stack.preview();
            return { outcome: "succeeded", expected: true };
        } catch (error) {
            return { outcome: `failed: ${firstErrorLine(String((error as Error).message))}`, expected: false };
        }
    }
    const message = await failureOf(testStack.stack.preview()).catch(() => "");
    if (message === "") return { outcome: "succeeded", expected: false };
    const where = `index.ts:${program.throwsAt}:`;
    if (message.includes(USER_ERROR) && message.includes(where))
        return { outcome: `the user's TypeError, at index.ts:${program.throwsAt}`, expected: true };
    return { outcome: `something else: ${firstErrorLine(message)}`, expected: false };
}

function firstErrorLine(message: string): string {
    return (/^\s*error: (.*)$/m.exec(message)?.[1] ?? message.split("\n")[0]).trim().slice(0, 200);
}

/**
 * Previews each program `repeat` times (the programs take turns), after one unmeasured preview of
 * each. Whatever a program did that it should not have is pushed to `anomalies`.
 */
export async function measureProgramErrors(emulator: RunningEmulator, repeat: number, anomalies: string[]): Promise<ProgramErrorResult[]> {
    const programs = [SUCCEEDING_PROGRAM, ...THROWING_PROGRAMS];
    const sources = mkdtempSync(path.join(os.tmpdir(), "patchworks-bench-programs-"));
    const stacks: TestStack[] = [];
    try {
        for (const program of programs) {
            stacks.push(await createTestStack({ emulator, exampleDir: writeProgram(path.join(sources, program.id), program) }));
        }
        // ts-node caches what it compiles on disk: without one unmeasured run each, a program's first
        // run would also carry the type-checking compile (about 130 MiB more, and a second or two).
        for (const [i, program] of programs.entries()) await preview(stacks[i], program);
        const runs = programs.map(() => ({ wallMs: [] as number[], peakRss: [] as (number | null)[], outcomes: [] as string[] }));
        for (let r = 0; r < repeat; r++) {
            for (const [i, program] of programs.entries()) {
                const sampler = runnerPeakSampler(stacks[i].workDir);
                const started = performance.now();
                const { outcome, expected } = await preview(stacks[i], program);
                const wallMs = performance.now() - started;
                const peak = sampler.stop();
                runs[i].wallMs.push(wallMs);
                runs[i].peakRss.push(peak);
                runs[i].outcomes.push(outcome);
                if (!expected) anomalies.push(`program errors, ${program.label}, run ${r + 1}: ${outcome}`);
                if (peak === null)
                    anomalies.push(`program errors, ${program.label}, run ${r + 1}: the program's Node.js process was not found in /proc`);
                process.stderr.write(
                    `bench: program errors, ${program.label}: ${(wallMs / 1000).toFixed(2)} s, ` +
                        `runner peak ${peak === null ? "n/a" : `${(peak / 2 ** 20).toFixed(0)} MiB`}, ${outcome}\n`,
                );
            }
        }
        return programs.map((program, i) => {
            const sampled = runs[i].peakRss.filter((v): v is number => v !== null);
            return {
                id: program.id,
                label: program.label,
                throws: program.throwsAt !== undefined,
                wallMs: median(runs[i].wallMs),
                wallRuns: runs[i].wallMs,
                peakRssBytes: sampled.length > 0 ? median(sampled) : null,
                peakRssRuns: runs[i].peakRss,
                outcome: runs[i].outcomes[0],
            };
        });
    } finally {
        for (const testStack of stacks) testStack.dispose();
        rmSync(sources, { recursive: true, force: true });
    }
}
