// Who may call the API (fact sheet 2): the users of --user, their logins (both routes answer
// `{message, token}`), Bearer tokens that expire after --token-ttl, the --api-key sent raw in
// `Authorization` (as the first user), and the roles that gate deletes and group changes.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Account } from "./account";
import { FabricError, unauthenticated, unauthorized } from "./errors";

export type Role = "client-admin" | "client-user";
export const ROLES: readonly Role[] = ["client-admin", "client-user"];

export interface User {
    readonly id: number;
    readonly email: string;
    readonly password: string;
    readonly role: Role;
}

/** The user an emulator started without --user signs in as (printed at start). */
export const DEFAULT_USER = { email: "admin@patchworks.test", password: "emulator-password", role: "client-admin" } as const satisfies Omit<
    User,
    "id"
>;

/** Passport's personal access tokens live 12 hours (fact sheet 2.1). */
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;

export type AuthScheme = "bearer" | "key" | "none";

export const LOGIN_OK = "You have successfully logged in.";
export const LOGIN_FAILED = "Incorrect email or password.";

function digest(value: string): string {
    return createHash("sha256").update(value).digest("hex");
}

function sameSecret(a: string, b: string): boolean {
    return timingSafeEqual(Buffer.from(digest(a), "hex"), Buffer.from(digest(b), "hex"));
}

function base64Url(value: unknown): string {
    return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** How the `Authorization` header authenticates, before checking it. */
export function authScheme(header: string | undefined): AuthScheme {
    if (!header) return "none";
    return /^Bearer\s/i.test(header) ? "bearer" : "key";
}

export interface AccessOptions {
    readonly users: readonly User[];
    readonly apiKey?: string;
    readonly tokenTtlSeconds: number;
}

export class Access {
    constructor(
        private readonly account: Account,
        private readonly options: AccessOptions,
    ) {}

    /**
     * A login: the token is shaped as Passport's (a JWT whose `exp` a client can read), signed
     * with nothing the emulator checks; it is known by its digest only.
     */
    async login(login: unknown, password: unknown): Promise<{ message: string; token: string }> {
        const user = this.options.users.find(
            (candidate) => typeof login === "string" && candidate.email.toLowerCase() === login.toLowerCase(),
        );
        if (!user || typeof password !== "string" || !sameSecret(user.password, password)) {
            throw new FabricError(401, LOGIN_FAILED);
        }
        const issuedAt = Math.floor(this.account.now().getTime() / 1000);
        const expiresAt = issuedAt + this.options.tokenTtlSeconds;
        const claims = {
            aud: "1",
            jti: randomBytes(20).toString("hex"),
            iat: issuedAt,
            nbf: issuedAt,
            exp: expiresAt,
            sub: String(user.id),
            scopes: ["access-api"],
        };
        const token = `${base64Url({ typ: "JWT", alg: "RS256" })}.${base64Url(claims)}.${randomBytes(32).toString("base64url")}`;
        const now = this.account.now().getTime();
        this.account.state.tokens = this.account.state.tokens.filter((stored) => stored.expiresAt > now);
        this.account.state.tokens.push({ digest: digest(token), email: user.email, expiresAt: expiresAt * 1000 });
        await this.account.save();
        return { message: LOGIN_OK, token };
    }

    /** Logout: the token of this `Authorization` header stops working (fact sheet 2.1). */
    async revoke(header: string | undefined): Promise<void> {
        const token = (header ?? "").replace(/^Bearer\s+/i, "");
        this.account.state.tokens = this.account.state.tokens.filter((stored) => stored.digest !== digest(token));
        await this.account.save();
    }

    /** The user an `Authorization` header stands for, or a 401 "Unauthenticated.". */
    authenticate(header: string | undefined): User {
        const scheme = authScheme(header);
        if (scheme === "bearer") {
            const token = (header as string).replace(/^Bearer\s+/i, "");
            const stored = this.account.state.tokens.find((candidate) => candidate.digest === digest(token));
            const user = stored && this.options.users.find((candidate) => candidate.email === stored.email);
            if (stored && user && stored.expiresAt > this.account.now().getTime()) return user;
        } else if (scheme === "key" && this.options.apiKey !== undefined && sameSecret(header as string, this.options.apiKey)) {
            return this.options.users[0];
        }
        throw unauthenticated();
    }
}

/** Deleting connectors and changing groups need a client admin (fact sheet 2.7). */
export function requireClientAdmin(user: User): void {
    if (user.role !== "client-admin") {
        throw unauthorized();
    }
}
