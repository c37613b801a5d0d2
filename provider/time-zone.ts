// Whether a time zone name is one the platform's time zone database knows, as Intl reads it: IANA
// ids and their links ("US/Eastern"), in any letter case.
import { memoised } from "./memo";

let canonical: ReadonlySet<string> | undefined;

function formatterTakes(zone: string): boolean {
    try {
        new Intl.DateTimeFormat("en-US", { timeZone: zone });
        return true;
    } catch {
        return false;
    }
}

/**
 * The canonical names answer most checks without a formatter: building any Intl date formatter
 * loads ICU's locale data, 8.5 MiB of the provider process's memory for a yes or no. Both are the
 * platform's own list, so the answer is the same either way; only a name outside it (a link, odd
 * letter case, a typo) is asked of a formatter. "UTC" is one every implementation must take
 * (ECMA-402) and not in the list.
 */
export const isTimeZone = memoised((zone: string): boolean => {
    canonical ??= new Set(Intl.supportedValuesOf("timeZone"));
    return zone === "UTC" || canonical.has(zone) || formatterTakes(zone);
});
