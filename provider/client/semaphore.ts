// Caps in-flight requests per client so a large stack does not trip the API's rate limit on its own.

export class Semaphore {
    private available: number;
    private readonly waiting: (() => void)[] = [];

    constructor(limit: number) {
        this.available = limit;
    }

    async run<T>(task: () => Promise<T>): Promise<T> {
        await this.acquire();
        try {
            return await task();
        } finally {
            this.release();
        }
    }

    private acquire(): Promise<void> {
        if (this.available > 0) {
            this.available--;
            return Promise.resolve();
        }
        return new Promise((resolve) => this.waiting.push(resolve));
    }

    private release(): void {
        const next = this.waiting.shift();
        // Hand the slot straight to the next waiter so a newcomer cannot overtake it.
        if (next) next();
        else this.available++;
    }
}
