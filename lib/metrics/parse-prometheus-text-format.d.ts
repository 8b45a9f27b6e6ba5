// Types for the dev dependency parse-prometheus-text-format (it ships none): prom2json's output shape.
declare module "parse-prometheus-text-format" {
  export type ParsedSample = { value?: string; labels?: Record<string, string> };
  export type ParsedHistogram = {
    labels?: Record<string, string>;
    buckets: Record<string, string>;
    count: string;
    sum: string;
  };
  export type ParsedFamily = {
    name: string;
    help: string;
    type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
    metrics: Array<ParsedSample & Partial<ParsedHistogram>>;
  };
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
