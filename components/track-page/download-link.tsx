"use client";
// A link that downloads an API answer as a file: a plain link when the server asks for no token, else a fetch
// with the lead's token (a link cannot send the Authorization header) handed to the browser as a file.
import { type ReactNode, useState } from "react";
import { readToken } from "@/components/data/fetch-json";

/** The file name a `content-disposition: attachment; filename="…"` header gives, if any. */
function attachmentName(header: string | null): string | null {
  return header?.match(/filename="([^"]+)"/)?.[1] ?? null;
}

export function DownloadLink(props: {
  href: string;
  /** The name to save under when the answer does not name its file. */
  fileName: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  const onClick = async (event: React.MouseEvent<HTMLAnchorElement>) => {
    const token = readToken();
    if (!token) return; // the browser downloads the link itself
    event.preventDefault();
    setError(null);
    try {
      const response = await fetch(props.href, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const url = URL.createObjectURL(await response.blob());
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = attachmentName(response.headers.get("content-disposition")) ?? props.fileName;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (cause) {
      setError(`download failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  };
  return (
    <>
      <a
        href={props.href}
        download={props.fileName}
        onClick={onClick}
        className={props.className}
        data-testid={props.testId}
      >
        {props.children}
      </a>
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </>
  );
}
