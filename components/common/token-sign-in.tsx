"use client";
// When the server has a token (PARATRACK_TOKEN) and this browser has none, or a wrong one, every request answers
// 401: say so once, above the page, with a field to give it (kept in this browser; a #token= link does the same).
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, readToken, saveToken } from "../data/fetch-json";

export function TokenSignIn() {
  const client = useQueryClient();
  const [refused, setRefused] = useState(false);
  const [value, setValue] = useState("");

  useEffect(() => {
    const isRefused = (error: unknown) => error instanceof ApiError && error.status === 401;
    const check = () =>
      setRefused(
        client
          .getQueryCache()
          .getAll()
          .some((query) => isRefused(query.state.error)),
      );
    check();
    return client.getQueryCache().subscribe(check);
  }, [client]);

  if (!refused) return null;
  const hadToken = readToken() !== null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    saveToken(value.trim());
    // The socket and every query start again with it.
    window.location.reload();
  };
  return (
    <section
      aria-labelledby="sign-in-heading"
      className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <h2 id="sign-in-heading" className="font-semibold">
        {hadToken ? "This server refused the token this browser has" : "This server needs its token"}
      </h2>
      <p className="mt-1">
        It was started with <code>PARATRACK_TOKEN</code>: give that token to see the runs and act on them. It
        is kept in this browser only (a link ending in <code>#token=…</code> does the same).
      </p>
      <form onSubmit={submit} className="mt-2 flex flex-wrap items-center gap-2">
        <label htmlFor="token-input" className="font-medium">
          Token
        </label>
        <input
          id="token-input"
          type="password"
          autoComplete="current-password"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          className="tap min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2.5 text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
        />
        <button
          type="submit"
          className="tap rounded-md bg-slate-900 px-3 font-semibold text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900"
        >
          Sign in
        </button>
        {hadToken && (
          <button
            type="button"
            onClick={() => {
              saveToken(null);
              window.location.reload();
            }}
            className="tap rounded-md px-3 font-medium underline"
          >
            Forget the stored token
          </button>
        )}
      </form>
    </section>
  );
}
