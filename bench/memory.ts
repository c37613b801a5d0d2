// Peak memory of the dynamic-provider processes the engine starts during a step: their VmHWM
// (the kernel's high-water mark of resident memory) read from /proc while they run. VmHWM only
// grows, so a sample every SAMPLE_MS misses at most the growth of a process's last moments.
import { readdirSync, readFileSync } from "node:fs";

const SAMPLE_MS = 100;
/** The script Pulumi's Node.js dynamic provider plugin runs (@pulumi/pulumi/cmd/dynamic-provider). */
const PROVIDER_SCRIPT = /cmd[/\\]dynamic-provider/;

function parentOf(pid: number): number {
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/** Whether `pid` was started, through any number of steps, by this process (not by another program on the machine). */
function isDescendant(pid: number): boolean {
    for (let current = pid, hops = 0; current > 1 && hops < 32; hops++) {
        current = parentOf(current);
        if (current === process.pid) return true;
    }
    return false;
}

function providerPeaksKiB(): Map<number, number> {
    const peaks = new Map<number, number>();
    let entries: string[];
    try {
        entries = readdirSync("/proc");
    } catch {
        return peaks; // not Linux: nothing to sample
    }
    for (const entry of entries) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            if (!PROVIDER_SCRIPT.test(readFileSync(`/proc/${entry}/cmdline`, "utf8")) || !isDescendant(Number(entry))) continue;
            const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
            if (hwm) peaks.set(Number(entry), Number(hwm[1]));
        } catch {
            // The process ended between the listing and the read.
        }
    }
    return peaks;
}

/** Samples until stopped; `stop()` gives the largest peak of any provider process seen, in bytes (null if none was seen). */
export function sampleProviderMemory(): { stop(): number | null } {
    const seen = new Map<number, number>();
    const sample = () => {
        for (const [pid, kib] of providerPeaksKiB()) seen.set(pid, Math.max(seen.get(pid) ?? 0, kib));
    };
    sample();
    const timer = setInterval(sample, SAMPLE_MS);
    return {
        stop() {
            clearInterval(timer);
            sample();
            return seen.size === 0 ? null : Math.max(...seen.values()) * 1024;
        },
    };
}
