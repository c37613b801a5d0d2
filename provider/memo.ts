// Answers remembered per input string: the checks of a large stack ask the same few questions (a
// zone, a date format, a factory name) once per resource, and each answer costs string work that a
// stack of 500 paid 500 times over.

/** `compute`, remembering its answers; bounded, since inputs can be anything. */
export function memoised<T>(compute: (key: string) => T): (key: string) => T {
    const answers = new Map<string, T>();
    return (key) => {
        if (!answers.has(key)) {
            if (answers.size >= 1000) answers.clear();
            answers.set(key, compute(key));
        }
        return answers.get(key) as T;
    };
}
